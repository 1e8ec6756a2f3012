import { codeCount, indexOfCode, type RfmCode } from "@rfm/core";
import { describe, expect, it } from "vitest";
import { DAY_MS, dayNumberOf } from "../../days";
import type { ScoringRun } from "../scoring/scoring.service";
import type { SalesCell, SalesCube } from "./analytics.repository";
import { areaSales, dailySales, MAX_DAYS, onCube, rfGrid, runRevenue } from "./analytics.service";

const day = (iso: string) => dayNumberOf(iso);

const cell = (
  iso: string,
  province: string,
  region: string,
  transactions: number,
  revenueCents: number,
): SalesCell => ({
  day: day(iso),
  province,
  region,
  transactions,
  revenueCents,
});

const cells = [
  cell("2025-01-01", "ON", "East", 2, 1_000),
  cell("2025-01-01", "BC", "West", 1, 5_000),
  cell("2025-01-03", "ON", "East", 1, 250),
  cell("2025-01-05", "QC", "East", 3, 5_000),
];

const cube: SalesCube = {
  key: "k",
  cells,
  firstDay: day("2025-01-01"),
  lastDay: day("2025-01-05"),
  transactions: 7,
  customers: 4,
  customersPerArea: {
    province: new Map([
      ["ON", 2],
      ["BC", 1],
      ["QC", 1],
    ]),
    region: new Map([
      ["East", 3],
      ["West", 1],
    ]),
  },
};

describe("dailySales", () => {
  it("fills days without orders with zeros, both ends included", () => {
    expect(dailySales(cube, "2025-01-01", "2025-01-03")).toEqual([
      { day: "2025-01-01", transactions: 3, revenue: 60 },
      { day: "2025-01-02", transactions: 0, revenue: 0 },
      { day: "2025-01-03", transactions: 1, revenue: 2.5 },
    ]);
  });

  it("defaults to the 90 days ending on the day of the latest order", () => {
    const series = dailySales(cube, null, null);
    expect(series).toHaveLength(90);
    expect(series.at(-1)).toEqual({ day: "2025-01-05", transactions: 3, revenue: 50 });
    expect(series.reduce((sum, d) => sum + d.transactions, 0)).toBe(7);
  });

  it("is empty without orders", () => {
    expect(dailySales({ ...cube, cells: [], lastDay: null }, null, null)).toEqual([]);
  });

  it("refuses a reversed range and more than MAX_DAYS days, naming from", () => {
    expect(() => dailySales(cube, "2025-01-04", "2025-01-03")).toThrow(
      expect.objectContaining({ code: "BAD_USER_INPUT", field: "from" }),
    );
    const to = new Date(Date.UTC(2025, 0, 1) + (MAX_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
    expect(dailySales(cube, "2025-01-01", to)).toHaveLength(MAX_DAYS);
    const past = new Date(Date.UTC(2025, 0, 1) + MAX_DAYS * DAY_MS).toISOString().slice(0, 10);
    expect(() => dailySales(cube, "2025-01-01", past)).toThrow(
      expect.objectContaining({ code: "BAD_USER_INPUT", field: "from" }),
    );
  });
});

describe("areaSales", () => {
  it("sums per area over all time, largest revenue first, with the customers stored there", () => {
    expect(areaSales(cube, "region", null, null)).toEqual([
      { name: "East", transactions: 6, customers: 3, revenue: 62.5 },
      { name: "West", transactions: 1, customers: 1, revenue: 50 },
    ]);
  });

  it("breaks revenue ties by name and keeps only the days in range", () => {
    expect(areaSales(cube, "province", "2025-01-01", "2025-01-01").map((a) => a.name)).toEqual(["BC", "ON"]);
    expect(areaSales(cube, "province", "2025-01-02", null).map((a) => [a.name, a.transactions])).toEqual([
      ["QC", 3],
      ["ON", 1],
    ]);
  });

  it("refuses a reversed range, naming from", () => {
    expect(() => areaSales(cube, "province", "2025-01-05", "2025-01-01")).toThrow(
      expect.objectContaining({ code: "BAD_USER_INPUT", field: "from" }),
    );
  });
});

describe("onCube", () => {
  it("computes once per cube and key, again for another cube, and never keeps a refusal", () => {
    let calls = 0;
    const sum = (c: SalesCube) => {
      calls++;
      return c.transactions;
    };
    expect(onCube(cube, "t", sum)).toBe(onCube(cube, "t", sum));
    expect(calls).toBe(1);
    onCube(cube, "other", sum);
    onCube({ ...cube }, "t", sum);
    expect(calls).toBe(3);
    const refuse = () => {
      calls++;
      throw new Error("no");
    };
    expect(() => onCube(cube, "bad", refuse)).toThrow("no");
    expect(() => onCube(cube, "bad", refuse)).toThrow("no");
    expect(calls).toBe(5);
  });
});

describe("rfGrid and runRevenue", () => {
  const bins = 2 as const;
  const customers = new Float64Array(codeCount(bins));
  const monetary = new Float64Array(codeCount(bins));
  const at = (code: string) => indexOfCode(code as RfmCode, bins);
  customers[at("211")] = 3;
  monetary[at("211")] = 30.25;
  customers[at("212")] = 1;
  monetary[at("212")] = 100;
  customers[at("122")] = 2;
  monetary[at("122")] = 7.5;
  const run = {
    bins,
    histogram: {
      bins,
      customers,
      monetary,
      recencyDays: new Float64Array(codeCount(bins)),
      frequency: new Float64Array(codeCount(bins)),
    },
  } as unknown as ScoringRun;

  it("adds every M score into its R x F cell, R-major", () => {
    expect(rfGrid(run)).toEqual([
      { r: 1, f: 1, customers: 0, revenue: 0 },
      { r: 1, f: 2, customers: 2, revenue: 7.5 },
      { r: 2, f: 1, customers: 4, revenue: 130.25 },
      { r: 2, f: 2, customers: 0, revenue: 0 },
    ]);
  });

  it("is empty, and revenue 0, without a run", () => {
    expect(rfGrid(null)).toEqual([]);
    expect(runRevenue(null)).toBe(0);
    expect(runRevenue(run)).toBe(137.75);
  });
});
