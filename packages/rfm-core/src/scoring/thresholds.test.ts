import { describe, expect, it } from "vitest";
import { scoreCustomers } from "./score";
import { centsAtLeast, checkFixedThresholds, describeReport, describeScores } from "./thresholds";

const texts = (ranges: { text: string }[]) => ranges.map((r) => r.text);

describe("describeScores: a run's cut points in words", () => {
  it("recency [30, 90, 180]: fewer days is the better score, a bound belongs to the better score", () => {
    const ranges = describeScores({ dimension: "recency", bounds: [30, 90, 180] });
    expect(texts(ranges)).toEqual([
      "R1: last order more than 180 days ago",
      "R2: last order 91-180 days ago",
      "R3: last order 31-90 days ago",
      "R4: last order 0-30 days ago",
    ]);
    expect(ranges[3]).toEqual({
      score: 4,
      label: "R4",
      lower: null,
      lowerInclusive: false,
      upper: 30,
      upperInclusive: true,
      reachable: true,
      text: "R4: last order 0-30 days ago",
    });
    expect(ranges[1]).toMatchObject({ lower: 90, lowerInclusive: false, upper: 180, upperInclusive: true });
    expect(ranges[0]).toMatchObject({ lower: 180, lowerInclusive: false, upper: null });
  });

  it("frequency [2, 3, 6]: a bound is the first value of the higher score", () => {
    const ranges = describeScores({ dimension: "frequency", bounds: [2, 3, 6] });
    expect(texts(ranges)).toEqual(["F1: 1 order", "F2: 2 orders", "F3: 3-5 orders", "F4: 6 or more orders"]);
    expect(ranges[2]).toMatchObject({ lower: 3, lowerInclusive: true, upper: 6, upperInclusive: false });
    expect(ranges[0]).toMatchObject({ lower: null, upper: 2, upperInclusive: false });
  });

  it("monetary [100, 500, 1145]: whole cents, the top score open-ended", () => {
    expect(texts(describeScores({ dimension: "monetary", bounds: [100, 500, 1145] }))).toEqual([
      "M1: less than 100.00",
      "M2: 100.00-499.99",
      "M3: 500.00-1,144.99",
      "M4: 1,145.00 or more",
    ]);
  });

  it("monetary on mean-order basis reads per order; a money format can be given", () => {
    expect(
      texts(
        describeScores({
          dimension: "monetary",
          bounds: [25.5],
          basis: "mean-order",
          formatMoney: (u) => `$${u.toFixed(2)}`,
        }),
      ),
    ).toEqual(["M1: less than $25.50 per order", "M2: $25.50 or more per order"]);
  });

  it("a quantile tie (equal bounds) and an unreachable top score are empty, in words", () => {
    // 60% of customers with one order, 4 bins: rfm-core reports [2, 2, null]-like bounds.
    const ranges = describeScores({ dimension: "frequency", bounds: [2, 2, null] });
    expect(texts(ranges)).toEqual([
      "F1: 1 order",
      "F2: none (no customer can have this frequency)",
      "F3: 2 or more orders",
      "F4: none (no customer can have this frequency)",
    ]);
    expect(ranges.map((r) => r.reachable)).toEqual([true, false, true, false]);
    expect(texts(describeScores({ dimension: "recency", bounds: [null, 3, 10] }))).toEqual([
      "R1: last order more than 10 days ago",
      "R2: last order 4-10 days ago",
      "R3: last order 0-3 days ago",
      "R4: none (no customer can have this recency)",
    ]);
  });

  it("single days and 5 bins", () => {
    expect(texts(describeScores({ dimension: "recency", bounds: [0, 1, 7, 30] }))).toEqual([
      "R1: last order more than 30 days ago",
      "R2: last order 8-30 days ago",
      "R3: last order 2-7 days ago",
      "R4: last order 1 day ago",
      "R5: last order 0 days ago",
    ]);
  });

  it("the words agree with the scores scoreCustomers gives at and around each bound", () => {
    const recencyDays = [0, 30, 31, 90, 91, 180, 181, 400];
    const frequency = [1, 1, 2, 2, 3, 5, 6, 9];
    const monetary = [-5, 99.99, 100, 499.99, 500, 1144.99, 1145, 9000];
    const result = scoreCustomers({
      recencyDays,
      frequency,
      monetary,
      methods: {
        recency: { kind: "thresholds", bounds: [30, 90, 180] },
        frequency: { kind: "thresholds", bounds: [2, 3, 6] },
        monetary: { kind: "thresholds", bounds: [100, 500, 1145] },
      },
    });
    // Hand-read from the sentences of the three tests above.
    expect(Array.from(result.r)).toEqual([4, 4, 3, 3, 2, 2, 1, 1]);
    expect(Array.from(result.f)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(Array.from(result.m)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(texts(describeReport(result.dimensions.frequency))).toEqual([
      "F1: 1 order",
      "F2: 2 orders",
      "F3: 3-5 orders",
      "F4: 6 or more orders",
    ]);
  });

  it("a quantile run's report in words: 8 customers, quartiles by hand", () => {
    // recency 0..7: two customers per score, bounds [1, 3, 5] (see score.test.ts).
    const result = scoreCustomers({
      recencyDays: [0, 1, 2, 3, 4, 5, 6, 7],
      frequency: [1, 2, 3, 4, 5, 6, 7, 8],
      monetary: [10, 20, 30, 40, 50, 60, 70, 80],
    });
    expect(texts(describeReport(result.dimensions.recency))).toEqual([
      "R1: last order more than 5 days ago",
      "R2: last order 4-5 days ago",
      "R3: last order 2-3 days ago",
      "R4: last order 0-1 days ago",
    ]);
    expect(texts(describeReport(result.dimensions.monetary))).toEqual([
      "M1: less than 30.00",
      "M2: 30.00-49.99",
      "M3: 50.00-69.99",
      "M4: 70.00 or more",
    ]);
  });
});

describe("kept cut points: a run's reported bounds are accepted back as thresholds", () => {
  it("tied and unreachable bounds reproduce the run's codes", () => {
    // Frequency: 6 of 8 customers have one order; the two others 2 and 3 orders.
    const recencyDays = [3, 9, 0, 41, 17, 17, 2, 60];
    const frequency = [1, 1, 1, 1, 1, 1, 2, 3];
    const monetary = [10, 25, 40, 5, 90, 12, 300, 8];
    const first = scoreCustomers({ recencyDays, frequency, monetary });
    // j = 2, 4, 6 all fall in the tie of 1: every bound is the next value, 2.
    expect(first.dimensions.frequency.bounds).toEqual([2, 2, 2]);
    const kept = scoreCustomers({
      recencyDays,
      frequency,
      monetary,
      methods: {
        recency: { kind: "thresholds", bounds: first.dimensions.recency.bounds },
        frequency: { kind: "thresholds", bounds: first.dimensions.frequency.bounds },
        monetary: { kind: "thresholds", bounds: first.dimensions.monetary.bounds },
      },
    });
    expect(Array.from(kept.code)).toEqual(Array.from(first.code));
    expect(Array.from(kept.f)).toEqual([1, 1, 1, 1, 1, 1, 4, 4]);
  });

  it("null bounds: frequency [2, null, null] puts 2+ orders in F2 and leaves F3 and F4 empty", () => {
    const result = scoreCustomers({
      recencyDays: [1, 1, 1],
      frequency: [1, 2, 50],
      monetary: [1, 1, 1],
      methods: {
        frequency: { kind: "thresholds", bounds: [2, null, null] },
        recency: { kind: "thresholds", bounds: [null, 0, 5] },
      },
    });
    expect(Array.from(result.f)).toEqual([1, 2, 2]);
    expect(Array.from(result.r)).toEqual([2, 2, 2]);
    expect(result.dimensions.frequency.bounds).toEqual([2, null, null]);
    expect(result.dimensions.recency.bounds).toEqual([null, 0, 5]);
  });

  it.each([
    {
      dimension: "frequency" as const,
      bounds: [null, 2, 3],
      message: "null (no value reaches the score) only at the end",
    },
    {
      dimension: "recency" as const,
      bounds: [2, 3, null],
      message: "null (no value reaches the score) only at the start",
    },
    { dimension: "monetary" as const, bounds: [3, 2, 4], message: "bounds must be in increasing order" },
  ])("$dimension $bounds is refused: $message", ({ dimension, bounds, message }) => {
    expect(() =>
      scoreCustomers({
        recencyDays: [1],
        frequency: [1],
        monetary: [1],
        methods: { [dimension]: { kind: "thresholds", bounds } },
      }),
    ).toThrowError(message);
  });
});

describe("checkFixedThresholds: the bounds people type", () => {
  it.each([
    {
      dimension: "recency",
      bounds: [30, 90],
      bins: 4,
      problem: "recency thresholds [30, 90]: needs 3 bounds for 4 bins, got 2",
    },
    {
      dimension: "recency",
      bounds: [90, 30, 180],
      bins: 4,
      problem: "recency thresholds [90, 30, 180]: bounds must be strictly increasing",
    },
    {
      dimension: "frequency",
      bounds: [2, 2, 3],
      bins: 4,
      problem: "frequency thresholds [2, 2, 3]: bounds must be strictly increasing",
    },
    { dimension: "frequency", bounds: [2, 3.5, 6], bins: 4, problem: "bounds must be whole orders" },
    { dimension: "recency", bounds: [-1, 3, 6], bins: 4, problem: "days cannot be negative" },
    {
      dimension: "monetary",
      bounds: [10.005, 20, 30],
      bins: 4,
      problem: "monetary thresholds [10.005, 20, 30]: bounds must be whole cents",
    },
    { dimension: "monetary", bounds: [1, Number.NaN, 3], bins: 4, problem: "bounds must be finite numbers" },
  ] as const)("$dimension $bounds: $problem", ({ dimension, bounds, bins, problem }) => {
    let thrown: unknown;
    try {
      checkFixedThresholds({ dimension, bounds, bins });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: "INVALID_THRESHOLDS", details: { dimension } });
    expect((thrown as Error).message).toContain(problem);
  });

  it("accepts whole days, orders and cents", () => {
    expect(() => checkFixedThresholds({ dimension: "recency", bounds: [0, 30, 90], bins: 4 })).not.toThrow();
    expect(() =>
      checkFixedThresholds({ dimension: "monetary", bounds: [0.1, 19.99, 1145.01], bins: 4 }),
    ).not.toThrow();
  });
});

describe("centsAtLeast", () => {
  it.each([
    [1145.01, 114501],
    [0.29, 29],
    [100, 10000],
    [10.005, 1001],
    [-0.5, -50],
  ])("%s starts at %s cents", (units, cents) => {
    expect(centsAtLeast(units)).toBe(cents);
  });
});
