import { defineProject } from "vitest/config";
import { singleGraphql } from "../../vitest.shared";

export default defineProject({
  resolve: { alias: singleGraphql },
  test: {
    name: "api",
    include: ["src/**/*.test.ts"],
  },
});
