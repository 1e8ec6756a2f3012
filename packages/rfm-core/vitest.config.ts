import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "rfm-core",
    include: ["src/**/*.test.ts"],
  },
});
