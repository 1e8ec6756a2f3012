import { defineProject } from "vitest/config";
import { isolate, singleGraphql } from "../../vitest.shared";

export default defineProject({
  resolve: { alias: singleGraphql },
  test: {
    name: "api",
    include: ["src/**/*.test.ts"],
    // Modules shared between the files of a worker (vitest.shared.ts).
    isolate,
    // Integration tests run against real servers (PostgreSQL, a two-shard ClickHouse cluster),
    // two files at a time on two cores: a budget for a slow moment, not for slow code.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
