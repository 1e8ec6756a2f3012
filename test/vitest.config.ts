import { defineProject } from "vitest/config";
import { singleGraphql } from "../vitest.shared";

export default defineProject({
  resolve: { alias: singleGraphql },
  test: {
    name: "e2e",
    include: ["**/*.test.ts"],
    testTimeout: 60_000,
  },
});
