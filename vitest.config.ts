import { defineConfig } from "vitest/config";

// One run over every workspace, so `npm test` ends with one summary. Each project keeps its
// own config beside its code.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "test"],
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
