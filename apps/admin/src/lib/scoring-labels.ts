/**
 * How the admin shows the API's scoring enums: in the words of the scoring files and the CLI
 * (`total`, `mean-order`, `model`), so a page, `rfm profile list` and docs/scoring.md agree.
 */
import type { ClvMethod, MonetaryBasis, RunPhase } from "../graphql/generated/graphql";

export const MONETARY_BASIS_LABEL: Record<MonetaryBasis, string> = {
  TOTAL: "total",
  MEAN_ORDER: "mean-order",
};

export const CLV_METHOD_LABEL: Record<ClvMethod, string> = {
  MODEL: "model",
  HISTORIC: "historic",
  NONE: "none",
};

export const RUN_PHASE_LABEL: Record<RunPhase, string> = {
  AGGREGATE: "aggregate",
  SCORE: "score",
  CLV: "clv",
  WRITE: "write",
};
