import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Bins } from "../codes";
import { RfmError } from "../errors";
import type { CodeHistogram } from "../histogram";
import { DEFAULT_MAPPING } from "./presets";
import { segmentStats } from "./stats";
import { compileMapping } from "./validate";

function thrown(fn: () => unknown): RfmError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RfmError) return error;
    throw error;
  }
  throw new Error("expected an RfmError, nothing was thrown");
}

const segment = (name: string, rules: { r: number }[]) => ({
  name,
  description: name,
  action: "Act.",
  color: "#000000",
  rules,
});

/** 2 bins: "Low" holds codes 111..122 (indexes 0-3), "High" 211..222 (4-7), "Empty" none. */
const mapping = compileMapping({
  bins: 2,
  segments: [segment("High", [{ r: 2 }]), segment("Low", [{ r: 1 }]), segment("Empty", [])],
});

function histogram(columns: Partial<Omit<CodeHistogram, "bins">> & { bins?: Bins }): CodeHistogram {
  const zeros = () => new Float64Array(8);
  return {
    bins: columns.bins ?? 2,
    customers: columns.customers ?? zeros(),
    monetary: columns.monetary ?? zeros(),
    recencyDays: columns.recencyDays ?? zeros(),
    frequency: columns.frequency ?? zeros(),
    ...(columns.clv ? { clv: columns.clv } : {}),
  };
}

/**
 * Low: codes 111 (1 customer) and 122 (2); High: 211 (3) and 222 (4). Totals: 10 customers,
 * revenue 400, recency 104 days, 26 orders, CLV 820.
 */
const small = histogram({
  customers: Float64Array.of(1, 0, 0, 2, 3, 0, 0, 4),
  monetary: Float64Array.of(10, 0, 0, 50, 100, 0, 0, 240),
  recencyDays: Float64Array.of(30, 0, 0, 60, 6, 0, 0, 8),
  frequency: Float64Array.of(1, 0, 0, 4, 6, 0, 0, 15),
  clv: Float64Array.of(20, 0, 0, 100, 300, 0, 0, 400),
});

describe("segmentStats", () => {
  it("sums each segment's codes and divides by its customers, in mapping order", () => {
    const { segments, totals } = segmentStats({ histogram: small, mapping });
    expect(segments.map((s) => s.name)).toEqual(["High", "Low", "Empty"]);
    const [high, low, empty] = segments;
    expect(high).toMatchObject({
      customers: 7,
      customerShare: 0.7,
      revenue: 340,
      revenueShare: 0.85,
      avgRecencyDays: 2,
      avgFrequency: 3,
      avgClv: 100,
      codes: ["211", "212", "221", "222"],
    });
    expect(high?.avgMonetary).toBeCloseTo(340 / 7, 12);
    expect(low).toMatchObject({
      customers: 3,
      customerShare: 0.3,
      revenue: 60,
      revenueShare: 0.15,
      avgRecencyDays: 30,
      avgMonetary: 20,
      avgClv: 40,
    });
    expect(low?.avgFrequency).toBeCloseTo(5 / 3, 12);
    expect(totals).toEqual({
      customers: 10,
      revenue: 400,
      avgRecencyDays: 10.4,
      avgFrequency: 2.6,
      avgMonetary: 40,
      avgClv: 82,
    });
    expect(empty).toEqual({
      name: "Empty",
      customers: 0,
      customerShare: 0,
      revenue: 0,
      revenueShare: 0,
      avgRecencyDays: 0,
      avgFrequency: 0,
      avgMonetary: 0,
      avgClv: 0,
      codes: [],
    });
  });

  it("gives avgClv null everywhere when the histogram has no CLV", () => {
    const { clv: _ignored, ...withoutClv } = small;
    const { segments, totals } = segmentStats({ histogram: withoutClv, mapping });
    expect(segments.map((s) => s.avgClv)).toEqual([null, null, null]);
    expect(totals.avgClv).toBeNull();
  });

  it("with no customers and no revenue at all, every share and average is 0, never NaN", () => {
    const { segments, totals } = segmentStats({
      histogram: histogram({ clv: new Float64Array(8) }),
      mapping,
    });
    for (const s of [...segments, totals]) {
      for (const value of Object.values(s)) if (typeof value === "number") expect(value).toBe(0);
    }
  });

  it("revenue shares are of the net total: with refunds making the total -50, +50 is a share of -1", () => {
    const refunds = histogram({
      customers: Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0),
      monetary: Float64Array.of(-100, 0, 0, 0, 50, 0, 0, 0),
    });
    const { segments, totals } = segmentStats({ histogram: refunds, mapping });
    expect(totals.revenue).toBe(-50);
    expect(segments.map((s) => s.revenueShare)).toEqual([-1, 2, 0]);
  });

  it("revenue that nets to exactly 0 gives every segment a revenue share of 0", () => {
    const netZero = histogram({
      customers: Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0),
      monetary: Float64Array.of(-100, 0, 0, 0, 100, 0, 0, 0),
    });
    expect(segmentStats({ histogram: netZero, mapping }).segments.map((s) => s.revenueShare)).toEqual([
      0, 0, 0,
    ]);
  });

  it("throws INVALID_OPTIONS when the histogram has 4 bins and the mapping 2", () => {
    const error = thrown(() =>
      segmentStats({
        histogram: histogram({ bins: 4, customers: new Float64Array(64) }),
        mapping,
      }),
    );
    expect(error.code).toBe("INVALID_OPTIONS");
    expect(error.message).toBe("The histogram has 4 bins but the mapping has 2");
  });

  it("throws LENGTH_MISMATCH when a column is not bins³ long", () => {
    const error = thrown(() => segmentStats({ histogram: histogram({ clv: new Float64Array(7) }), mapping }));
    expect(error.code).toBe("LENGTH_MISMATCH");
    expect(error.details).toMatchObject({ column: "clv", length: 7, expected: 8 });
  });

  it("with the default mapping, segment customers and revenue add up to the totals and shares to 1", () => {
    const defaultMapping = compileMapping(DEFAULT_MAPPING);
    const column = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 64, maxLength: 64 });
    fc.assert(
      fc.property(column, column, (customers, monetary) => {
        const { segments, totals } = segmentStats({
          histogram: {
            bins: 4,
            customers: Float64Array.from(customers),
            monetary: Float64Array.from(monetary),
            recencyDays: new Float64Array(64),
            frequency: new Float64Array(64),
          },
          mapping: defaultMapping,
        });
        const sum = (f: (s: (typeof segments)[number]) => number) =>
          segments.reduce((acc, s) => acc + f(s), 0);
        expect(sum((s) => s.customers)).toBe(totals.customers);
        expect(sum((s) => s.revenue)).toBe(totals.revenue);
        expect(sum((s) => s.customerShare)).toBeCloseTo(totals.customers === 0 ? 0 : 1, 9);
        expect(sum((s) => s.revenueShare)).toBeCloseTo(totals.revenue === 0 ? 0 : 1, 9);
      }),
    );
  });
});
