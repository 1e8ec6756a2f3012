import { defineConfig } from "vitest/config";
import LongestFirstSequencer from "./test/support/longest-first-sequencer";

// One run over every workspace, so `npm test` ends with one summary. Each project keeps its
// own config beside its code.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "test"],
    // Two files at a time on CI's two cores (vitest's default there is one): the integration
    // suites spend much of their time waiting on PostgreSQL, the ClickHouse cluster, child
    // processes and Chromium, and the third engine made one file at a time near 30 minutes.
    maxWorkers: 2,
    // The longest files first, whatever their project, so both workers end together
    // (test/support/longest-first-sequencer.ts; `npm run test:timings` refreshes the estimates).
    sequence: { sequencer: LongestFirstSequencer },
    reporters: ["default", "./test/support/summary-reporter.ts"],
    // The ClickHouse suites' cluster: started for the run if it is not up (test/support/clickhouse-cluster.ts).
    globalSetup: ["./test/support/clickhouse-cluster.ts"],
  },
});
