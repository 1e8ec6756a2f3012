/**
 * A run's cut points as the API shows them (structured, with words), the thresholds people give
 * a run, and the preview of the bin sizes they would give. Units: recency in days, frequency in
 * orders, monetary in cents (whole numbers), as `unit` says.
 */
import {
  DIMENSIONS,
  type Dimension,
  type DimensionReport,
  describeScores,
  type MonetaryBasis,
} from "@rfm/core";
import { ValidateNested } from "class-validator";
import { ArgsType, Field, Float, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { AppError } from "../../app-error";
import { BinCount } from "../common/limits";
import { LocalDate } from "../common/scalars";
import { DimensionEnum, dimensionEnum, MonetaryBasisEnum, monetaryBasisEnum } from "./scoring.enums";
import type { FixedThresholds } from "./thresholds";

export enum ThresholdMethodEnum {
  QUANTILE = "QUANTILE",
  FIXED = "FIXED",
}
registerEnumType(ThresholdMethodEnum, {
  name: "ThresholdMethod",
  description: "How a dimension's cut points were set.",
  valuesConfig: {
    QUANTILE: { description: "From the data: the quantile rule of docs/scoring.md." },
    FIXED: { description: "Given: fixed thresholds, or the cut points of a past run kept." },
  },
});

export enum ThresholdUnitEnum {
  DAYS = "DAYS",
  ORDERS = "ORDERS",
  CENTS = "CENTS",
}
registerEnumType(ThresholdUnitEnum, {
  name: "ThresholdUnit",
  description: "The unit of a dimension's bounds and ranges.",
  valuesConfig: {
    DAYS: { description: "Recency: whole days from the last order to the as-of day." },
    ORDERS: { description: "Frequency: a count of orders." },
    CENTS: {
      description: "Monetary: cents of the scored amount (net spend, or per order on mean-order basis).",
    },
  },
});

@ObjectType("ScoreBand", { description: "The raw values one score covers, and that range in words." })
export class ScoreBandType {
  @Field(() => Int, { description: "The score, 1..bins (bins is best)." })
  score!: number;

  @Field(() => String, {
    description: "The score as a label: dimension letter and score (`R4`, `F3`, `M1`).",
  })
  label!: string;

  @Field(() => Float, {
    nullable: true,
    description: "Lowest value of the score, in the dimension's unit; null: no lower end.",
  })
  lower!: number | null;

  @Field(() => Boolean, { description: "Whether `lower` itself gets this score." })
  lowerInclusive!: boolean;

  @Field(() => Float, { nullable: true, description: "Highest value of the score; null: no upper end." })
  upper!: number | null;

  @Field(() => Boolean, { description: "Whether `upper` itself gets this score." })
  upperInclusive!: boolean;

  @Field(() => Boolean, {
    description:
      "False when no value can get this score (a quantile tie or an unreachable bound); lower and upper are then null.",
  })
  reachable!: boolean;

  @Field(() => String, {
    description: 'The range in words: "R4: last order 0-30 days ago", "M4: 1,145.00 or more".',
  })
  text!: string;

  @Field(() => Int, {
    nullable: true,
    description: "Customers with this score: in the run, or in a preview the customers it would have.",
  })
  customers!: number | null;
}

@ObjectType("DimensionThresholds", { description: "One dimension's cut points and the range of each score." })
export class DimensionThresholdsType {
  @Field(() => DimensionEnum, { description: "The dimension these cut points score." })
  dimension!: DimensionEnum;

  @Field(() => ThresholdMethodEnum, { description: "Quantile (from the data) or fixed." })
  method!: ThresholdMethodEnum;

  @Field(() => ThresholdUnitEnum, { description: "Unit of `bounds`, `lower` and `upper`." })
  unit!: ThresholdUnitEnum;

  @Field(() => [Float], {
    nullable: "items",
    description:
      "The bins - 1 cut points as scoring takes them (docs/scoring.md): frequency and monetary, the first value of the next score; recency, the most days of each score, best first. null: a bound no value reaches.",
  })
  bounds!: (number | null)[];

  @Field(() => MonetaryBasisEnum, {
    nullable: true,
    description: "For MONETARY: which amount the bounds are in; null for recency and frequency.",
  })
  basis!: MonetaryBasisEnum | null;

  @Field(() => [ScoreBandType], { description: "What each score covers, from score 1 to score bins." })
  bands!: ScoreBandType[];
}

@ObjectType("RunThresholds", { description: "A run's cut points per dimension." })
export class RunThresholdsType {
  @Field(() => DimensionThresholdsType, { description: "The recency cut points and scores, in days." })
  recency!: DimensionThresholdsType;

  @Field(() => DimensionThresholdsType, { description: "The frequency cut points and scores, in orders." })
  frequency!: DimensionThresholdsType;

  @Field(() => DimensionThresholdsType, {
    description: "The monetary cut points and scores, in whole cents.",
  })
  monetary!: DimensionThresholdsType;
}

@InputType({
  description:
    "Fixed thresholds per dimension: bins - 1 strictly increasing bounds; a dimension left out is scored by quantile.",
})
export class ThresholdsInput {
  @Field(() => [Int], {
    nullable: true,
    description:
      "Most days of each recency score, best first: [30, 90, 180] is R4 0-30 days, R3 31-90, R2 91-180, R1 more.",
  })
  recency?: number[] | null;

  @Field(() => [Int], {
    nullable: true,
    description: "First order count of each next score: [2, 3, 6] is F1 1 order, F2 2, F3 3-5, F4 6 or more.",
  })
  frequency?: number[] | null;

  @Field(() => [Float], {
    nullable: true,
    description:
      "First amount of each next monetary score, in whole cents: [10000, 50000, 114500] is M4 1,145.00 or more.",
  })
  monetaryCents?: number[] | null;
}

/** The input's field for a dimension. */
export const THRESHOLD_FIELD: Record<Dimension, keyof ThresholdsInput> = {
  recency: "recency",
  frequency: "frequency",
  monetary: "monetaryCents",
};

/** The input's bounds in rfm-core's units (money in currency units); `prefix` names it in errors. */
export function thresholdsFromInput(input: ThresholdsInput, prefix: string): FixedThresholds {
  const cents = input.monetaryCents ?? undefined;
  if (cents?.some((c) => !Number.isSafeInteger(c))) {
    throw new AppError(
      "INVALID_THRESHOLDS",
      `monetary thresholds must be whole cents, got [${cents.join(", ")}]`,
      {
        field: `${prefix}.monetaryCents`,
        details: { dimension: "monetary" },
      },
    );
  }
  return {
    ...(input.recency ? { recency: input.recency } : {}),
    ...(input.frequency ? { frequency: input.frequency } : {}),
    ...(cents ? { monetary: cents.map((c) => c / 100) } : {}),
  };
}

@InputType({ description: "The scores per dimension and the fixed bounds to count customers under." })
export class ThresholdPreviewInput {
  @Field(() => Int, {
    defaultValue: 4,
    description: "Scores per dimension, 2 to 9: the bounds must number one less.",
  })
  @BinCount()
  bins!: number;

  @Field(() => ThresholdsInput, {
    description: "The thresholds to count customers under (dimensions left out are not counted).",
  })
  thresholds!: ThresholdsInput;
}

@ArgsType()
export class ThresholdPreviewArgs {
  @Field(() => ThresholdPreviewInput, { description: "The scores per dimension and the bounds to preview." })
  @ValidateNested()
  input!: ThresholdPreviewInput;
}

@ObjectType("ThresholdPreview", {
  description:
    "Customers per score under fixed thresholds, counted on the current run's stored values: what a run over the same orders and as-of day would give.",
})
export class ThresholdPreviewType {
  @Field(() => Int, { description: "The run the counts are based on (the current run)." })
  runId!: number;

  @Field(() => LocalDate, { description: "That run's as-of day (its recency days count to it)." })
  asOfDay!: string;

  @Field(() => MonetaryBasisEnum, { description: "That run's monetary basis: which amounts were counted." })
  monetaryBasis!: MonetaryBasisEnum;

  @Field(() => Int, { description: "Customers scored in that run: what the counts per score add up to." })
  customers!: number;

  @Field(() => DimensionThresholdsType, {
    nullable: true,
    description:
      "Customers per recency score under the given bounds; null when no recency bounds were given.",
  })
  recency!: DimensionThresholdsType | null;

  @Field(() => DimensionThresholdsType, {
    nullable: true,
    description:
      "Customers per frequency score under the given bounds; null when no frequency bounds were given.",
  })
  frequency!: DimensionThresholdsType | null;

  @Field(() => DimensionThresholdsType, {
    nullable: true,
    description:
      "Customers per monetary score under the given bounds; null when no monetary bounds were given.",
  })
  monetary!: DimensionThresholdsType | null;
}

const UNIT: Record<Dimension, ThresholdUnitEnum> = {
  recency: ThresholdUnitEnum.DAYS,
  frequency: ThresholdUnitEnum.ORDERS,
  monetary: ThresholdUnitEnum.CENTS,
};

/** A value in the dimension's API unit: money in cents. */
const inUnit = (dimension: Dimension, value: number | null): number | null =>
  value === null ? null : dimension === "monetary" ? Math.round(value * 100) : value;

/** One dimension's bounds as the API shows them; `customers` per score 1..bins when known. */
export function toDimensionThresholds(input: {
  readonly dimension: Dimension;
  readonly method: "quantile" | "thresholds";
  readonly bounds: readonly (number | null)[];
  readonly basis?: MonetaryBasis | undefined;
  readonly customers?: readonly number[] | undefined;
}): DimensionThresholdsType {
  const { dimension } = input;
  const bands = describeScores({
    dimension,
    bounds: input.bounds,
    ...(input.basis ? { basis: input.basis } : {}),
  });
  return {
    dimension: dimensionEnum.toEnum(dimension),
    method: input.method === "quantile" ? ThresholdMethodEnum.QUANTILE : ThresholdMethodEnum.FIXED,
    unit: UNIT[dimension],
    bounds: input.bounds.map((b) => inUnit(dimension, b)),
    basis: dimension === "monetary" ? monetaryBasisEnum.toEnum(input.basis ?? "total") : null,
    bands: bands.map((band) => ({
      score: band.score,
      label: band.label,
      lower: inUnit(dimension, band.lower),
      lowerInclusive: band.lowerInclusive,
      upper: inUnit(dimension, band.upper),
      upperInclusive: band.upperInclusive,
      reachable: band.reachable,
      text: band.text,
      customers: input.customers?.[band.score - 1] ?? null,
    })),
  };
}

/** A run's stored reports as the API shows them. */
export function toRunThresholds(reports: Readonly<Record<Dimension, DimensionReport>>): RunThresholdsType {
  const [recency, frequency, monetary] = DIMENSIONS.map((dimension) => {
    const report = reports[dimension];
    return toDimensionThresholds({
      dimension,
      method: report.method,
      bounds: report.bounds,
      basis: report.basis,
      customers: report.bins.map((b) => b.customers),
    });
  }) as [DimensionThresholdsType, DimensionThresholdsType, DimensionThresholdsType];
  return { recency, frequency, monetary };
}
