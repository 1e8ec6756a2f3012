/**
 * The GraphQL enums of scoring settings and runs, and the one place their names are mapped to
 * and from rfm-core's (and the scoring service's) values: rfm-core stays the source of the
 * values (`"mean-order"`, `"historic"`), the API shows them as enum names (`MEAN_ORDER`,
 * `HISTORIC`), as GraphQL enums must be. Every resolver and input converts through the maps
 * below, never by string manipulation.
 */
import type { Dimension, MonetaryBasis } from "@rfm/core";
import { registerEnumType } from "type-graphql";
import type { ClvMethod, ScoringPhase } from "./scoring.service";

export enum MonetaryBasisEnum {
  TOTAL = "TOTAL",
  MEAN_ORDER = "MEAN_ORDER",
}
registerEnumType(MonetaryBasisEnum, {
  name: "MonetaryBasis",
  description: "Which amount the monetary score ranks customers by.",
  valuesConfig: {
    TOTAL: { description: "Net spend: the sum of the customer's orders in the window (`total` in files)." },
    MEAN_ORDER: {
      description: "Net spend per order: net spend divided by the customer's orders (`mean-order` in files).",
    },
  },
});

export enum ClvMethodEnum {
  MODEL = "MODEL",
  HISTORIC = "HISTORIC",
  NONE = "NONE",
}
registerEnumType(ClvMethodEnum, {
  name: "ClvMethod",
  description: "How a run estimates customer lifetime value.",
  valuesConfig: {
    MODEL: {
      description: "A BG/NBD and Gamma-Gamma model fitted on the run's customers (`model` in files).",
    },
    HISTORIC: {
      description:
        "From past spend only, when the model cannot be fitted or is not wanted (`historic` in files).",
    },
    NONE: { description: "No CLV: customers' CLV fields stay null (`none` in files)." },
  },
});

export enum ScoringMethodEnum {
  QUANTILE = "QUANTILE",
  THRESHOLDS = "THRESHOLDS",
}
registerEnumType(ScoringMethodEnum, {
  name: "ScoringMethod",
  description: "How a profile scores one dimension.",
  valuesConfig: {
    QUANTILE: {
      description: "Cut points from the data at each run, by the quantile rule of docs/scoring.md.",
    },
    THRESHOLDS: { description: "Fixed cut points given in the profile's `bounds`, the same at every run." },
  },
});

export enum DimensionEnum {
  RECENCY = "RECENCY",
  FREQUENCY = "FREQUENCY",
  MONETARY = "MONETARY",
}
registerEnumType(DimensionEnum, {
  name: "Dimension",
  description: "One of the three RFM dimensions a customer is scored on.",
  valuesConfig: {
    RECENCY: { description: "Days from the customer's last order to the as-of day (fewer is better)." },
    FREQUENCY: { description: "The customer's orders in the window (more is better)." },
    MONETARY: { description: "The customer's net spend, total or per order (more is better)." },
  },
});

export enum RunPhaseEnum {
  AGGREGATE = "AGGREGATE",
  SCORE = "SCORE",
  CLV = "CLV",
  WRITE = "WRITE",
}
registerEnumType(RunPhaseEnum, {
  name: "RunPhase",
  description: "The step a running scoring run is in, in this order.",
  valuesConfig: {
    AGGREGATE: { description: "Reading orders and summing them per customer." },
    SCORE: { description: "Computing cut points and each customer's R, F and M scores." },
    CLV: { description: "Estimating customer lifetime values." },
    WRITE: { description: "Writing the scores to the database." },
  },
});

/** Both directions of one enum mapping, built from one table so they cannot disagree. */
function bimap<V extends string, E extends string>(table: Record<V, E>) {
  const back = Object.fromEntries(Object.entries(table).map(([v, e]) => [e, v])) as Record<E, V>;
  return { toEnum: (value: V): E => table[value], fromEnum: (name: E): V => back[name] };
}

export const monetaryBasisEnum = bimap<MonetaryBasis, MonetaryBasisEnum>({
  total: MonetaryBasisEnum.TOTAL,
  "mean-order": MonetaryBasisEnum.MEAN_ORDER,
});

export const clvMethodEnum = bimap<ClvMethod, ClvMethodEnum>({
  model: ClvMethodEnum.MODEL,
  historic: ClvMethodEnum.HISTORIC,
  none: ClvMethodEnum.NONE,
});

export const scoringMethodEnum = bimap<"quantile" | "thresholds", ScoringMethodEnum>({
  quantile: ScoringMethodEnum.QUANTILE,
  thresholds: ScoringMethodEnum.THRESHOLDS,
});

export const dimensionEnum = bimap<Dimension, DimensionEnum>({
  recency: DimensionEnum.RECENCY,
  frequency: DimensionEnum.FREQUENCY,
  monetary: DimensionEnum.MONETARY,
});

export const runPhaseEnum = bimap<ScoringPhase, RunPhaseEnum>({
  aggregate: RunPhaseEnum.AGGREGATE,
  score: RunPhaseEnum.SCORE,
  clv: RunPhaseEnum.CLV,
  write: RunPhaseEnum.WRITE,
});
