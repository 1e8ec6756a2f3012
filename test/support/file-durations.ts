import { readFileSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Each test file's wall seconds in a full run, by {@link durationKey}: what the longest-first
 * sequencer schedules by and what the timings reporter rewrites (`npm run test:timings`).
 */
export const FILE_DURATIONS_PATH = join(import.meta.dirname, "file-durations.json");

/** A file's key in {@link FILE_DURATIONS_PATH}: its project, then its path from the root. */
export function durationKey(project: string, root: string, moduleId: string): string {
  return `${project}:${relative(root, moduleId)}`;
}

export function readFileDurations(): Record<string, number> {
  return JSON.parse(readFileSync(FILE_DURATIONS_PATH, "utf8")) as Record<string, number>;
}
