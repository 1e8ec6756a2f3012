import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Bins, codeIndex } from "../codes";
import { RfmError } from "../errors";
import { assignSegments } from "./assign";
import { scoreCustomers } from "./score";

/** Scores one higher-is-better dimension (frequency) and returns F per customer. */
function scoreFrequency(frequency: number[], bins: Bins = 4): number[] {
  const n = frequency.length;
  const result = scoreCustomers({
    bins,
    recencyDays: new Array(n).fill(0),
    frequency,
    monetary: new Array(n).fill(0),
  });
  return Array.from(result.f);
}

/** The rule as written in the docs, computed naively: 1 + floor(bins * W / n). */
function referenceScores(values: number[], bins: number, higherIsBetter: boolean): number[] {
  const n = values.length;
  return values.map((v) => {
    const worse = values.filter((w) => (higherIsBetter ? w < v : w > v)).length;
    return 1 + Math.floor((bins * worse) / n);
  });
}

describe("quantile scoring: ties at each quartile boundary", () => {
  it("eight distinct values fill the four scores two by two", () => {
    expect(scoreFrequency([1, 2, 3, 4, 5, 6, 7, 8])).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it.each([
    { boundary: "25th", values: [1, 2, 2, 3, 4, 5, 6, 7], expected: [1, 1, 1, 2, 3, 3, 4, 4] },
    { boundary: "50th", values: [1, 2, 3, 4, 4, 5, 6, 7], expected: [1, 1, 2, 2, 2, 3, 4, 4] },
    { boundary: "75th", values: [1, 2, 3, 4, 5, 6, 6, 7], expected: [1, 1, 2, 2, 3, 3, 3, 4] },
  ])(
    "a tie straddling the $boundary percentile gives both customers the lower score",
    ({ values, expected }) => {
      expect(scoreFrequency(values)).toEqual(expected);
    },
  );

  it("input order does not change anyone's score", () => {
    expect(scoreFrequency([7, 2, 6, 1, 5, 2, 4, 3])).toEqual([4, 1, 4, 1, 3, 1, 3, 2]);
  });
});

describe("quantile scoring: skew and degenerate inputs", () => {
  it("heavy skew: 60% with one purchase all get F1, F2 stays empty and is reported", () => {
    const result = scoreCustomers({
      recencyDays: [5, 5, 5, 5, 5, 5, 5, 5, 5, 5],
      frequency: [1, 1, 1, 1, 1, 1, 2, 2, 3, 10],
      monetary: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    });
    expect(Array.from(result.f)).toEqual([1, 1, 1, 1, 1, 1, 3, 3, 4, 4]);
    expect(result.dimensions.frequency.bins.map((b) => b.customers)).toEqual([6, 0, 2, 2]);
    const empty = result.warnings.find((w) => w.code === "SCORES_EMPTY" && w.dimension === "frequency");
    expect(empty?.scores).toEqual([2]);
    expect(empty?.message).toBe(
      "No customer gets F2: 60% of customers share the same frequency (1), and equal values always get equal scores.",
    );
    expect(result.warnings.map((w) => w.code)).toContain("TOO_FEW_CUSTOMERS");
  });

  it("one customer scores 111, with the too-few and unreachable-top warnings", () => {
    const result = scoreCustomers({ recencyDays: [3], frequency: [2], monetary: [50] });
    expect([result.r[0], result.f[0], result.m[0], result.code[0]]).toEqual([1, 1, 1, 0]);
    expect(result.warnings.filter((w) => w.code === "TOP_SCORE_UNREACHABLE").map((w) => w.dimension)).toEqual(
      ["recency", "frequency", "monetary"],
    );
    expect(result.warnings[0]).toMatchObject({
      code: "TOO_FEW_CUSTOMERS",
      message: expect.stringContaining("Only 1 customer:"),
    });
  });

  it("identical customers all share one score and every other score is reported empty", () => {
    const n = 100;
    const result = scoreCustomers({
      recencyDays: new Array(n).fill(7),
      frequency: new Array(n).fill(2),
      monetary: new Array(n).fill(80),
    });
    expect(new Set(result.code)).toEqual(new Set([0]));
    expect(result.warnings.filter((w) => w.code === "TOO_FEW_CUSTOMERS")).toHaveLength(0);
    const recency = result.warnings.filter((w) => w.dimension === "recency");
    expect(recency.map((w) => [w.code, w.scores])).toEqual([
      ["TOP_SCORE_UNREACHABLE", [4]],
      ["SCORES_EMPTY", [2, 3]],
    ]);
    expect(recency[0]?.message).toBe(
      "No customer reaches R4: 100% of customers share the same recency (7), and equal values always get equal scores.",
    );
  });

  it("empty input gives an empty result and a NO_CUSTOMERS warning", () => {
    const result = scoreCustomers({ recencyDays: [], frequency: [], monetary: [] });
    expect(result.length).toBe(0);
    expect(result.warnings.map((w) => w.code)).toEqual(["NO_CUSTOMERS"]);
    expect(result.histogram.customers.every((c) => c === 0)).toBe(true);
    expect(result.dimensions.recency.bounds).toEqual([null, null, null]);
  });

  it("a negative monetary total (refunds over purchases) scores lowest", () => {
    const result = scoreCustomers({
      recencyDays: [1, 1, 1, 1],
      frequency: [1, 1, 1, 1],
      monetary: [-20, 0, 10, 30],
    });
    expect(Array.from(result.m)).toEqual([1, 2, 3, 4]);
  });

  it("rejects columns of different lengths and non-finite values", () => {
    expect(() => scoreCustomers({ recencyDays: [1], frequency: [1, 2], monetary: [1] })).toThrowError(
      RfmError,
    );
    expect(() => scoreCustomers({ recencyDays: [1], frequency: [Number.NaN], monetary: [1] })).toThrowError(
      /frequency of customer #0 is not a finite number/,
    );
  });
});

describe("recency is inverted: fewer days scores higher", () => {
  it("0, 10, 20 and 30 days score 4, 3, 2, 1", () => {
    const result = scoreCustomers({
      recencyDays: [0, 10, 20, 30],
      frequency: [1, 1, 1, 1],
      monetary: [1, 1, 1, 1],
    });
    expect(Array.from(result.r)).toEqual([4, 3, 2, 1]);
  });

  it("reports quantile cut points as the most days each score allows, best score first", () => {
    const result = scoreCustomers({
      recencyDays: [0, 1, 2, 3, 4, 5, 6, 7],
      frequency: [1, 2, 3, 4, 5, 6, 7, 8],
      monetary: new Array(8).fill(1),
    });
    expect(result.dimensions.recency.bounds).toEqual([1, 3, 5]);
    expect(Array.from(result.r)).toEqual([4, 4, 3, 3, 2, 2, 1, 1]);
    expect(result.dimensions.frequency.bounds).toEqual([3, 5, 7]);
    expect(result.dimensions.frequency.bins).toEqual([
      { score: 1, customers: 2, min: 1, max: 2 },
      { score: 2, customers: 2, min: 3, max: 4 },
      { score: 3, customers: 2, min: 5, max: 6 },
      { score: 4, customers: 2, min: 7, max: 8 },
    ]);
  });

  it("quantile bounds reused as thresholds give the same scores when every score is reached", () => {
    const recencyDays = [3, 9, 0, 41, 17, 17, 2, 60, 5, 30, 11, 8];
    const frequency = [1, 1, 2, 1, 3, 2, 5, 1, 2, 3, 4, 2];
    const monetary = [10, 25, 40, 5, 90, 12, 300, 8, 33, 14, 120, 41];
    const first = scoreCustomers({ recencyDays, frequency, monetary });
    expect(first.warnings.filter((w) => w.code !== "TOO_FEW_CUSTOMERS")).toEqual([]);
    const frozen = scoreCustomers({
      recencyDays,
      frequency,
      monetary,
      methods: {
        recency: { kind: "thresholds", bounds: first.dimensions.recency.bounds as number[] },
        frequency: { kind: "thresholds", bounds: first.dimensions.frequency.bounds as number[] },
        monetary: { kind: "thresholds", bounds: first.dimensions.monetary.bounds as number[] },
      },
    });
    expect(Array.from(frozen.code)).toEqual(Array.from(first.code));
  });
});

describe("bins other than 4", () => {
  const fifteen = Array.from({ length: 15 }, (_, i) => i + 1);
  it("3 bins split 15 distinct values five by five", () => {
    expect(scoreFrequency(fifteen, 3)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3]);
  });
  it("5 bins split 15 distinct values three by three", () => {
    expect(scoreFrequency(fifteen, 5)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5]);
  });
  it("5 bins give 125 codes: the best of five distinct customers has code 555, index 124", () => {
    const result = scoreCustomers({
      bins: 5,
      recencyDays: [0, 9, 5, 6, 7],
      frequency: [9, 1, 2, 3, 4],
      monetary: [9, 1, 2, 3, 4],
    });
    expect(result.code[0]).toBe(124);
    expect(result.code[1]).toBe(0);
    expect(result.histogram.customers.length).toBe(125);
  });
  it.each([1, 10, 2.5])("bins %s is refused", (bins) => {
    expect(() =>
      scoreCustomers({ bins: bins as Bins, recencyDays: [], frequency: [], monetary: [] }),
    ).toThrowError(expect.objectContaining({ code: "INVALID_BINS" }));
  });
});

describe("fixed thresholds", () => {
  it("frequency 1, 2, 3, 4-5, 6+ as bounds [2, 3, 4, 6] with 5 bins", () => {
    const result = scoreCustomers({
      bins: 5,
      recencyDays: new Array(7).fill(0),
      frequency: [1, 2, 3, 4, 5, 6, 9],
      monetary: new Array(7).fill(0),
      methods: { frequency: { kind: "thresholds", bounds: [2, 3, 4, 6] } },
    });
    expect(Array.from(result.f)).toEqual([1, 2, 3, 4, 4, 5, 5]);
    expect(result.dimensions.frequency).toMatchObject({ method: "thresholds", bounds: [2, 3, 4, 6] });
  });

  it("recency 30/60/90 days: each bound is the most days its score allows", () => {
    const result = scoreCustomers({
      recencyDays: [0, 30, 31, 60, 61, 90, 91],
      frequency: new Array(7).fill(1),
      monetary: new Array(7).fill(1),
      methods: { recency: { kind: "thresholds", bounds: [30, 60, 90] } },
    });
    expect(Array.from(result.r)).toEqual([4, 4, 3, 3, 2, 2, 1]);
    expect(result.dimensions.recency.bounds).toEqual([30, 60, 90]);
  });

  it("an empty score under thresholds is reported", () => {
    const result = scoreCustomers({
      recencyDays: [1, 2],
      frequency: [1, 2],
      monetary: [1, 2],
      methods: { frequency: { kind: "thresholds", bounds: [2, 3, 4] } },
    });
    const top = result.warnings.find(
      (w) => w.dimension === "frequency" && w.code === "TOP_SCORE_UNREACHABLE",
    );
    expect(top?.message).toBe(
      "No customer reaches F4: no customer's frequency falls within those thresholds.",
    );
  });

  it.each([
    { bounds: [2, 3], problem: "needs 3 bounds for 4 bins, got 2" },
    { bounds: [3, 2, 4], problem: "bounds must be in increasing order" },
    { bounds: [2, Number.POSITIVE_INFINITY, 3], problem: "bounds must be finite numbers" },
  ])("thresholds $bounds are refused: $problem", ({ bounds, problem }) => {
    expect(() =>
      scoreCustomers({
        recencyDays: [1],
        frequency: [1],
        monetary: [1],
        methods: { monetary: { kind: "thresholds", bounds } },
      }),
    ).toThrowError(problem);
  });
});

describe("monetary basis", () => {
  it("mean-order scores spend per purchase, histogram revenue stays net spend", () => {
    const result = scoreCustomers({
      recencyDays: [1, 1],
      frequency: [1, 4],
      monetary: [100, 160],
      monetaryBasis: "mean-order",
    });
    expect(Array.from(result.m)).toEqual([3, 1]);
    expect(result.dimensions.monetary.basis).toBe("mean-order");
    expect(result.dimensions.monetary.bins.map((b) => [b.min, b.max])).toEqual([
      [40, 40],
      [null, null],
      [100, 100],
      [null, null],
    ]);
    const total = result.histogram.monetary.reduce((a, b) => a + b, 0);
    expect(total).toBe(260);
  });

  it("equal mean order values tie exactly even when float division differs", () => {
    // 0.9 / 9 and 0.3 / 3 differ in the last bit as doubles; both are 0.10 per order.
    const result = scoreCustomers({
      recencyDays: [1, 1, 1],
      frequency: [9, 3, 1],
      monetary: [0.9, 0.3, 5],
      monetaryBasis: "mean-order",
    });
    expect(result.m[0]).toBe(result.m[1]);
  });
});

describe("codes and histogram", () => {
  it("builds dense code indexes and sums customers, revenue, recency and frequency per code", () => {
    const result = scoreCustomers({
      recencyDays: [0, 0, 30, 30],
      frequency: [5, 5, 1, 1],
      monetary: [100, 200, 10, 20],
    });
    // R: both 0-day customers have W = 2 -> 1 + floor(4*2/4) = 3; F likewise 3 and 1.
    expect(Array.from(result.r)).toEqual([3, 3, 1, 1]);
    expect(Array.from(result.f)).toEqual([3, 3, 1, 1]);
    expect(Array.from(result.m)).toEqual([3, 4, 1, 2]);
    const c334 = codeIndex(3, 3, 4, 4);
    expect(result.code[1]).toBe(c334);
    expect(result.histogram.customers[c334]).toBe(1);
    expect(result.histogram.monetary[c334]).toBe(200);
    const c111 = codeIndex(1, 1, 1, 4);
    expect(result.histogram.recencyDays[c111]).toBe(30);
    expect(result.histogram.frequency[c111]).toBe(1);
  });
});

describe("CLV per code", () => {
  it("sums the given CLV per code so segment averages need no customer scan", () => {
    const result = scoreCustomers({
      recencyDays: [0, 0, 30, 30],
      frequency: [5, 5, 1, 1],
      monetary: [100, 200, 10, 20],
      clv: [400, 800, 5, 7],
    });
    expect(result.histogram.clv?.[codeIndex(3, 3, 4, 4)]).toBe(800);
    expect(result.histogram.clv?.[codeIndex(1, 1, 1, 4)]).toBe(5);
    expect(result.histogram.clv?.reduce((a, b) => a + b, 0)).toBe(1212);
  });

  it("leaves histogram.clv undefined when no CLV is given, and refuses a CLV column of another length", () => {
    expect(scoreCustomers({ recencyDays: [1], frequency: [1], monetary: [1] }).histogram.clv).toBeUndefined();
    expect(() =>
      scoreCustomers({ recencyDays: [1], frequency: [1], monetary: [1], clv: [1, 2] }),
    ).toThrowError(expect.objectContaining({ code: "LENGTH_MISMATCH" }));
  });
});

describe("properties", () => {
  const binsArb = fc.integer({ min: 2, max: 9 }) as fc.Arbitrary<Bins>;
  // Small value ranges force many ties, the interesting case.
  const columnsArb = fc
    .integer({ min: 1, max: 60 })
    .chain((n) =>
      fc.tuple(
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: n, maxLength: n }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: n, maxLength: n }),
        fc.array(fc.integer({ min: -50, max: 400 }), { minLength: n, maxLength: n }),
      ),
    );

  it("scores follow 1 + floor(bins * W / n) exactly, and stay within 1..bins", () => {
    fc.assert(
      fc.property(binsArb, columnsArb, (bins, [recencyDays, frequency, monetary]) => {
        const result = scoreCustomers({ bins, recencyDays, frequency, monetary });
        expect(Array.from(result.r)).toEqual(referenceScores(recencyDays, bins, false));
        expect(Array.from(result.f)).toEqual(referenceScores(frequency, bins, true));
        expect(Array.from(result.m)).toEqual(referenceScores(monetary, bins, true));
        for (const s of [...result.r, ...result.f, ...result.m]) {
          expect(s).toBeGreaterThanOrEqual(1);
          expect(s).toBeLessThanOrEqual(bins);
        }
      }),
    );
  });

  it("a better value never gets a lower score, and equal values get equal scores", () => {
    fc.assert(
      fc.property(binsArb, columnsArb, (bins, [recencyDays, frequency, monetary]) => {
        const { r, m } = scoreCustomers({ bins, recencyDays, frequency, monetary });
        for (let i = 0; i < recencyDays.length; i++) {
          for (let j = 0; j < recencyDays.length; j++) {
            if (recencyDays[i]! < recencyDays[j]!) expect(r[i]!).toBeGreaterThanOrEqual(r[j]!);
            if (recencyDays[i] === recencyDays[j]) expect(r[i]).toBe(r[j]);
            if (monetary[i]! > monetary[j]!) expect(m[i]!).toBeGreaterThanOrEqual(m[j]!);
            if (monetary[i] === monetary[j]) expect(m[i]).toBe(m[j]);
          }
        }
      }),
    );
  });

  it("shuffling customers does not change any customer's code", () => {
    fc.assert(
      fc.property(columnsArb, fc.integer(), ([recencyDays, frequency, monetary], seed) => {
        const n = recencyDays.length;
        const order = Array.from({ length: n }, (_, i) => i).sort(
          (a, b) => ((a * 7919 + seed) % 97) - ((b * 7919 + seed) % 97) || a - b,
        );
        const original = scoreCustomers({ recencyDays, frequency, monetary });
        const shuffled = scoreCustomers({
          recencyDays: order.map((i) => recencyDays[i]!),
          frequency: order.map((i) => frequency[i]!),
          monetary: order.map((i) => monetary[i]!),
        });
        expect(Array.from(shuffled.code)).toEqual(order.map((i) => original.code[i]));
      }),
    );
  });
});

describe("assigning segments", () => {
  it("looks each customer's code up in the mapping's code table", () => {
    const segmentOfCode = new Int16Array(8).map((_, i) => (i < 4 ? 1 : 0));
    expect(
      Array.from(
        assignSegments({ code: new Uint16Array([0, 7, 3, 4]), mapping: { bins: 2, segmentOfCode } }),
      ),
    ).toEqual([1, 0, 1, 0]);
  });

  it("refuses a code beyond the mapping's bins", () => {
    const mapping = { bins: 2 as const, segmentOfCode: new Int16Array(8) };
    expect(() => assignSegments({ code: new Uint16Array([8]), mapping })).toThrowError(
      /code index 8, beyond the 2-bin mapping/,
    );
  });
});
