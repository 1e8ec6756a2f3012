import { RfmError } from "@rfm/core";
import { describe, expect, it } from "vitest";
import { AppError } from "../../app-error";
import { failureOf } from "./scoring.messages";

describe("failureOf", () => {
  it("keeps a failed run's id, so the server thread forgets its phase", () => {
    const failed = new AppError("SCORING_FAILED", "scoring run 7 failed: disk full", {
      details: { runId: 7 },
    });
    expect(failureOf(failed)).toEqual({
      type: "failed",
      message: "scoring run 7 failed: disk full",
      code: "SCORING_FAILED",
      runId: 7,
    });
  });

  it("keeps the option a refusal names, so the mutation's userError names that input field", () => {
    const refused = new AppError("INVALID_OPTIONS", "convert needs a currency to convert into", {
      field: "convert",
    });
    expect(failureOf(refused)).toEqual({
      type: "failed",
      message: "convert needs a currency to convert into",
      code: "INVALID_OPTIONS",
      field: "convert",
    });
  });

  it.each([
    [new AppError("SCORING_IN_PROGRESS", "busy"), "SCORING_IN_PROGRESS"],
    [new RfmError("INVALID_BINS", "bins 12"), "INVALID_BINS"],
  ])("keeps the code of a refusal before the run started (%s)", (error, code) => {
    expect(failureOf(error)).toEqual({ type: "failed", message: error.message, code });
  });

  it("sends anything else as its text", () => {
    expect(failureOf("boom")).toEqual({ type: "failed", message: "boom" });
  });
});
