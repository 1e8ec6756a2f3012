import { statSync } from "node:fs";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { durationKey, readFileDurations } from "./file-durations";

/**
 * Runs the longest test files first, across all the projects, so that the two workers finish
 * together instead of one running a two-minute file alone at the end.
 *
 * Vitest's own order groups files by project (admin, api, e2e, rfm-core: the slowest browser
 * and corpus files came near the end) and, on a clean clone such as CI's, has no durations
 * from an earlier run, so it goes by file size. Here the estimate of each file is its wall
 * time in a full run, committed in file-durations.json (`npm run test:timings` rewrites it).
 * A file missing from it (a new one) is estimated from its size, at the rate of the known
 * files, so it is neither starved nor left for the end.
 */
const DURATIONS = readFileDurations();

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const key = (spec: TestSpecification) => durationKey(spec.project.name, root, spec.moduleId);
    const estimate = new Map<TestSpecification, number>();
    const unknown: TestSpecification[] = [];
    for (const spec of files) {
      const seconds = DURATIONS[key(spec)];
      if (seconds === undefined) unknown.push(spec);
      else estimate.set(spec, seconds);
    }
    if (unknown.length > 0) {
      // Seconds per byte over the known files; a new file's size times that.
      let knownSeconds = 0;
      let knownBytes = 0;
      for (const [spec, seconds] of estimate) {
        knownSeconds += seconds;
        knownBytes += statSync(spec.moduleId).size;
      }
      const rate = knownBytes > 0 ? knownSeconds / knownBytes : 0;
      for (const spec of unknown) estimate.set(spec, statSync(spec.moduleId).size * rate);
    }
    // Ties (and equal estimates) by key, so the order is the same on every machine.
    return [...files].sort((a, b) => estimate.get(b)! - estimate.get(a)! || key(a).localeCompare(key(b)));
  }
}
