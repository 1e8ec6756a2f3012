import { defineProject } from "vitest/config";
import { isolate } from "../../vitest.shared";

export default defineProject({
  test: {
    name: "rfm-core",
    include: ["src/**/*.test.ts"],
    // Modules shared between the files of a worker (vitest.shared.ts).
    isolate,
  },
});
