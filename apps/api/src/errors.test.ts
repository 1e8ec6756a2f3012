import { RfmError } from "@rfm/core";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { AppError, apiError, toClientError } from "./errors";
import { ScoringBusyError } from "./modules/scoring/scoring-lock";
import { SegmentTableError } from "./modules/segment/segment.service";

const codeOf = (error: unknown) => {
  const client = toClientError(error);
  return ("toJSON" in client ? client.toJSON() : client).extensions;
};

describe("toClientError", () => {
  it.each([
    [
      new RfmError("INVALID_RULE", "R9 is not a score"),
      { code: "BAD_USER_INPUT", reason: "INVALID_RULE", field: "input" },
    ],
    [
      new SegmentTableError("MAPPING_BINS_MISMATCH", "3 bins vs 4"),
      { code: "FAILED_PRECONDITION", reason: "MAPPING_BINS_MISMATCH" },
    ],
    [
      new SegmentTableError("NO_SCORING_RUN", "score first"),
      { code: "FAILED_PRECONDITION", reason: "NO_SCORING_RUN" },
    ],
    [new ScoringBusyError("a run is in progress"), { code: "CONFLICT", reason: "SCORING_IN_PROGRESS" }],
    [apiError("NOT_FOUND", "no such segment", { field: "name" }), { code: "NOT_FOUND", field: "name" }],
  ])("maps %s to its extensions", (error, extensions) => {
    expect(codeOf(error)).toMatchObject(extensions);
  });

  it("masks anything unexpected, without its message or stack", () => {
    const client = toClientError(new Error("connection refused at 10.0.0.3:5432"));
    expect(client).toMatchObject({ message: "internal server error" });
    expect(codeOf(new TypeError("x is undefined"))).toEqual({ code: "INTERNAL_SERVER_ERROR" });
    expect(codeOf(new GraphQLError("wrapped", { originalError: new Error("secret") }))).toEqual({
      code: "INTERNAL_SERVER_ERROR",
    });
  });
});

describe("AppError through the one table", () => {
  it.each([
    [
      new AppError("SEGMENT_NOT_FOUND", "no segment Foo", { field: "name" }),
      { code: "NOT_FOUND", reason: "SEGMENT_NOT_FOUND", field: "name" },
    ],
    [
      new AppError("BAD_OPTION", "bad delimiter", { field: "query" }),
      { code: "BAD_USER_INPUT", reason: "BAD_OPTION", field: "query" },
    ],
    [new AppError("SCORING_IN_PROGRESS", "busy"), { code: "CONFLICT", reason: "SCORING_IN_PROGRESS" }],
    [
      new AppError("CONFLICT", "version 3 was published by ana", { details: { version: 3 } }),
      { code: "CONFLICT", version: 3 },
    ],
  ])("%s", (error, extensions) => {
    expect(codeOf(error)).toEqual(extensions);
  });

  it("masks a code whose translation is not exposed, whatever its message says", () => {
    const client = toClientError(new AppError("MIGRATION_FAILED", "relation x at 10.0.0.3"));
    expect(client).toMatchObject({ message: "internal server error" });
    expect(codeOf(new AppError("LENGTH_MISMATCH", "x"))).toEqual({ code: "INTERNAL_SERVER_ERROR" });
  });
});
