import { describe, expect, it } from "vitest";
import { AppError } from "../app-error";
import { toClientError } from "../errors";
import { backoffMs, classifyWriteFailure } from "./write-retry";

describe("classifyWriteFailure", () => {
  it.each([
    ["Prisma's write conflict", { code: "P2034" }, "conflict"],
    [
      "a raw DriverAdapterError at commit",
      { name: "DriverAdapterError", cause: { kind: "TransactionWriteConflict" } },
      "conflict",
    ],
    [
      "a deadlock wrapped in meta",
      { code: "P2010", meta: { driverAdapterError: { cause: { kind: "postgres", code: "40P01" } } } },
      "conflict",
    ],
    [
      "SQLite's stale snapshot",
      { cause: { originalCode: "SQLITE_BUSY_SNAPSHOT", kind: "sqlite" } },
      "conflict",
    ],
    ["a unique violation", { code: "P2002" }, "unique"],
    [
      "SQLite's busy timeout (Operation has timed out)",
      { code: "P1008", message: "Operation has timed out" },
      "busy",
    ],
    ["a transaction not started within maxWait", { code: "P2028" }, "busy"],
    ["a locked database in a message only", new Error("database is locked"), "busy"],
    ["a record not found", { code: "P2025" }, null],
    ["a plain error", new Error("no published mapping"), null],
    ["nothing", undefined, null],
  ])("%s", (_, error, want) => {
    expect(classifyWriteFailure(error)).toBe(want);
  });

  it("an AppError is never retried, whatever it wraps", () => {
    expect(classifyWriteFailure(new AppError("CONFLICT", "x", { cause: { code: "P2034" } }))).toBeNull();
  });
});

describe("backoffMs", () => {
  it.each([
    [1, 0, 10],
    [1, 1, 20],
    [3, 0, 40],
    [6, 1, 500],
    [20, 0, 250],
  ])(
    "attempt %i with draw %f waits %i ms (half to all of 10 ms doubled per attempt, capped at 500)",
    (attempt, draw, want) => {
      expect(backoffMs(attempt, () => draw)).toBe(want);
    },
  );
});

describe("a timed-out wait for the database, on any surface", () => {
  it("is CONFLICT (409) saying the database is busy, not an internal error", () => {
    const timedOut = Object.assign(new Error("Operation has timed out"), { code: "P1008" });
    expect(toClientError(timedOut)).toMatchObject({
      status: 409,
      message: expect.stringMatching(/database is busy .*try again/),
      extensions: { code: "CONFLICT", reason: "busy" },
    });
    expect(toClientError(new Error("something else"))).toMatchObject({ status: 500 });
  });
});
