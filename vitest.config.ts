import { defineConfig } from "vitest/config";

// One run over every workspace, so `npm test` ends with one summary. Each project keeps its
// own config beside its code.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "test"],
    reporters: ["default", "./test/support/summary-reporter.ts"],
    // The ClickHouse suites' cluster: started for the run if it is not up (test/support/clickhouse-cluster.ts).
    globalSetup: ["./test/support/clickhouse-cluster.ts"],
  },
});
