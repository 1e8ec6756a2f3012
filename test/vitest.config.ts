import { defineProject } from "vitest/config";
import { isolate, singleGraphql } from "../vitest.shared";

export default defineProject({
  resolve: { alias: singleGraphql },
  test: {
    name: "e2e",
    include: ["**/*.test.ts"],
    // Modules shared between the files of a worker (vitest.shared.ts).
    isolate,
    testTimeout: 60_000,
  },
});
