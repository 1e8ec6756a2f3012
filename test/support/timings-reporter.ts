import { existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Reporter, TestModule, Vitest } from "vitest/node";
import { durationKey, FILE_DURATIONS_PATH, readFileDurations } from "./file-durations";

/**
 * Per-file timings of a run, for finding where CI's time goes (`npm run test:timings`). Writes
 * two files:
 * - `$TMPDIR/rfm-test-timings.json`: each file's wall time from queued to done (seconds since
 *   the run began), vitest's own split (environment, prepare, collect, setup, tests and hooks,
 *   in ms) and its slowest tests;
 * - `test/support/file-durations.json`: each file's wall seconds, the estimate the
 *   longest-first sequencer schedules by (see longest-first-sequencer.ts): the files of this
 *   run updated, the others kept, deleted files dropped. Commit it when the suite's shape
 *   changes.
 */
export default class TimingsReporter implements Reporter {
  private readonly queued = new Map<string, number>();
  private readonly ended = new Map<string, number>();
  private readonly t0 = Date.now();
  private root = process.cwd();

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
  }

  onTestModuleQueued(module: TestModule): void {
    this.queued.set(module.moduleId, Date.now() - this.t0);
  }

  onTestModuleEnd(module: TestModule): void {
    this.ended.set(module.moduleId, Date.now() - this.t0);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const rows = modules.map((module) => {
      const d = module.diagnostic();
      const tests = [...module.children.allTests()].map((t) => ({
        name: t.fullName,
        state: t.result().state,
        ms: Math.round(t.diagnostic()?.duration ?? 0),
      }));
      const queued = this.queued.get(module.moduleId);
      const ended = this.ended.get(module.moduleId);
      return {
        key: durationKey(module.project.name, this.root, module.moduleId),
        queued: queued === undefined ? null : queued / 1000,
        ended: ended === undefined ? null : ended / 1000,
        wall: queued === undefined || ended === undefined ? null : (ended - queued) / 1000,
        environment: Math.round(d.environmentSetupDuration),
        prepare: Math.round(d.prepareDuration),
        collect: Math.round(d.collectDuration),
        setup: Math.round(d.setupDuration),
        duration: Math.round(d.duration),
        tests: tests.length,
        slowest: tests.sort((a, b) => b.ms - a.ms).slice(0, 8),
      };
    });
    writeFileSync(join(tmpdir(), "rfm-test-timings.json"), `${JSON.stringify(rows, null, 2)}\n`);
    // A run of some files updates theirs; the others keep their estimate unless deleted.
    const durations = readFileDurations();
    for (const row of rows) {
      if (row.wall !== null) durations[row.key] = Math.round(row.wall * 10) / 10;
    }
    const kept = Object.entries(durations)
      .filter(([key]) => existsSync(join(this.root, key.slice(key.indexOf(":") + 1))))
      .sort(([a], [b]) => a.localeCompare(b));
    writeFileSync(FILE_DURATIONS_PATH, `${JSON.stringify(Object.fromEntries(kept), null, 2)}\n`);
  }
}
