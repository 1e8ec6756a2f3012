import { describe, expect, it } from "vitest";
import {
  ClvMethodEnum,
  clvMethodEnum,
  DimensionEnum,
  dimensionEnum,
  MonetaryBasisEnum,
  monetaryBasisEnum,
  RunPhaseEnum,
  runPhaseEnum,
  ScoringMethodEnum,
  scoringMethodEnum,
} from "./scoring.enums";

describe("the scoring enums map to and from rfm-core's values", () => {
  it.each([
    ["total", MonetaryBasisEnum.TOTAL],
    ["mean-order", MonetaryBasisEnum.MEAN_ORDER],
  ] as const)("monetary basis %s is %s, and back", (value, name) => {
    expect(monetaryBasisEnum.toEnum(value)).toBe(name);
    expect(monetaryBasisEnum.fromEnum(name)).toBe(value);
  });

  it.each([
    ["model", ClvMethodEnum.MODEL],
    ["historic", ClvMethodEnum.HISTORIC],
    ["none", ClvMethodEnum.NONE],
  ] as const)("CLV method %s is %s, and back", (value, name) => {
    expect(clvMethodEnum.toEnum(value)).toBe(name);
    expect(clvMethodEnum.fromEnum(name)).toBe(value);
  });

  it.each([
    ["quantile", ScoringMethodEnum.QUANTILE],
    ["thresholds", ScoringMethodEnum.THRESHOLDS],
  ] as const)("scoring method %s is %s, and back", (value, name) => {
    expect(scoringMethodEnum.toEnum(value)).toBe(name);
    expect(scoringMethodEnum.fromEnum(name)).toBe(value);
  });

  it.each([
    ["recency", DimensionEnum.RECENCY],
    ["frequency", DimensionEnum.FREQUENCY],
    ["monetary", DimensionEnum.MONETARY],
  ] as const)("dimension %s is %s, and back", (value, name) => {
    expect(dimensionEnum.toEnum(value)).toBe(name);
    expect(dimensionEnum.fromEnum(name)).toBe(value);
  });

  it.each([
    ["aggregate", RunPhaseEnum.AGGREGATE],
    ["score", RunPhaseEnum.SCORE],
    ["clv", RunPhaseEnum.CLV],
    ["write", RunPhaseEnum.WRITE],
  ] as const)("run phase %s is %s, and back", (value, name) => {
    expect(runPhaseEnum.toEnum(value)).toBe(name);
    expect(runPhaseEnum.fromEnum(name)).toBe(value);
  });

  it("every enum name has a value: no name is left without its rfm-core spelling", () => {
    for (const name of Object.values(MonetaryBasisEnum))
      expect(monetaryBasisEnum.fromEnum(name)).toBeTypeOf("string");
    for (const name of Object.values(ClvMethodEnum))
      expect(clvMethodEnum.fromEnum(name)).toBeTypeOf("string");
    for (const name of Object.values(ScoringMethodEnum))
      expect(scoringMethodEnum.fromEnum(name)).toBeTypeOf("string");
    for (const name of Object.values(DimensionEnum))
      expect(dimensionEnum.fromEnum(name)).toBeTypeOf("string");
    for (const name of Object.values(RunPhaseEnum)) expect(runPhaseEnum.fromEnum(name)).toBeTypeOf("string");
  });
});
