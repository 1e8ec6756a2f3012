/**
 * Scoring on the ClickHouse cluster gives every customer the code the SQLite path gives on the
 * same orders, and the run the same cut points, histogram and warnings; plus a hand-computed
 * oracle on eight customers with ties. The ClickHouse side is written straight into the shards'
 * local tables (clickhouse-seed.ts), so these tests need no ClickHouse importer.
 */
import { DAY_MS } from "@rfm/core";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { Random } from "../../demo/random";
import { clickhouseScores, seedClickHouse } from "./clickhouse-seed";
import { type RunScoringOptions, runScoring } from "./scoring.service";
import { AS_OF, handMadeStore, seedStore, storedScores, type TestStore } from "./test-store";

/** About `n` customers with heavy ties: few distinct days, frequencies and amounts, refunds. */
function tiedStore(n: number, seed: number): TestStore {
  const rng = new Random(seed);
  const customers: { id: string }[] = [];
  const orders: TestStore["orders"][number][] = [];
  let seq = 0;
  for (let c = 0; c < n; c++) {
    const id = `K${c}`;
    customers.push({ id });
    if (c % 41 === 40) continue;
    const count = 1 + (rng.next() < 0.6 ? 0 : rng.int(6));
    for (let k = 0; k < count; k++) {
      const day = 1 + rng.int(60) * 5;
      const roll = rng.next();
      orders.push({
        customer: id,
        order: `o${++seq}`,
        at: AS_OF - day * DAY_MS + rng.int(DAY_MS - 1),
        cents: roll < 0.1 ? -(100 * (1 + rng.int(20))) : roll < 0.12 ? 0 : 1000 * (1 + rng.int(25)),
      });
    }
  }
  return { customers, orders };
}

type Common = Omit<RunScoringOptions, "db">;

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (Math.abs(got[i]! - want[i]!) > 1e-9 * Math.max(1, Math.abs(want[i]!))) {
      expect({ index: i, value: got[i] }).toEqual({ index: i, value: want[i] });
    }
  }
}

describe("scoring on ClickHouse agrees with SQLite", { timeout: 60_000 }, () => {
  const opened: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((t) => t.drop()));
  });
  const open = async (engine: "sqlite" | "clickhouse") => {
    const t = await createTestDatabase(engine);
    opened.push(t);
    return t;
  };

  it.each([
    [
      "the hand-made store, a window, quantiles",
      handMadeStore(7),
      { window: { from: Date.UTC(2024, 1, 1) } },
    ],
    [
      "the hand-made store, mean-order (scored in Node)",
      handMadeStore(11),
      { monetaryBasis: "mean-order" as const },
    ],
    ["3,000 customers with heavy ties", tiedStore(3000, 3), {}],
    [
      "3,000 customers, CLV by the model, days of America/Toronto (two changes of offset)",
      tiedStore(3000, 9),
      { clv: "model" as const, timeZone: "America/Toronto" },
    ],
    ["the hand-made store, historic CLV", handMadeStore(5), { clv: "historic" as const }],
    [
      "3,000 customers, thresholds on recency and frequency",
      tiedStore(3000, 5),
      {
        methods: {
          recency: { kind: "thresholds" as const, bounds: [30, 90, 180] },
          frequency: { kind: "thresholds" as const, bounds: [2, 3, 5] },
        },
      },
    ],
  ] satisfies [string, TestStore, Partial<Common>][])(
    "every customer's code: %s",
    async (_name, store, extra) => {
      const common: Common = { asOf: AS_OF, clv: "none", ...extra };
      const sqlite = await open("sqlite");
      await seedStore(sqlite.db, store);
      const bySqlite = await runScoring({ db: sqlite.db, ...common });
      const sqliteScores = await storedScores(sqlite.db, bySqlite.run.id);

      const ch = await open("clickhouse");
      const ids = await seedClickHouse(ch.db.analytics!, store);
      const byCh = await runScoring({ db: ch.db, ...common });
      const chScores = await clickhouseScores(ch.db.analytics!, byCh.run.id, ids);

      expect(chScores.size).toBe(sqliteScores.size);
      expect(sqliteScores.size).toBeGreaterThan(50);
      let compared = 0;
      for (const [id, want] of sqliteScores) {
        const got = chScores.get(id);
        expect({ id, code: got?.code, r: got?.r, f: got?.f, m: got?.m }).toEqual({
          id,
          code: want.code,
          r: want.r,
          f: want.f,
          m: want.m,
        });
        expect({ id, days: got?.recencyDays, freq: got?.frequency }).toEqual({
          id,
          days: want.recencyDays,
          freq: want.frequency,
        });
        compared++;
      }
      expect(compared).toBe(sqliteScores.size);
      const a = bySqlite.run;
      const b = byCh.run;
      expect(b.customersScored).toBe(a.customersScored);
      expect(b.transactionsRead).toBe(a.transactionsRead);
      expect(b.customersWithoutPurchases).toBe(a.customersWithoutPurchases);
      expect(b.thresholds).toEqual(a.thresholds);
      // Counts and sums of whole numbers are equal; sums of money (and CLV) are the same sums
      // added in another order (per shard; and in whole cents on ClickHouse): equal to 1e-9.
      const ha = a.histogram!;
      const hb = b.histogram!;
      expect(hb.customers).toEqual(ha.customers);
      expect(hb.recencyDays).toEqual(ha.recencyDays);
      expect(hb.frequency).toEqual(ha.frequency);
      expectClose(hb.monetary, ha.monetary);
      if (ha.clv) expectClose(hb.clv!, ha.clv);
      else expect(hb.clv).toBeUndefined();
      expect(b.clv).toEqual(a.clv);
      expect(b.warnings).toEqual(a.warnings);
      if (common.clv !== "none") {
        for (const [id, want] of sqliteScores) {
          const got = chScores.get(id)!.clv!;
          expect(Math.abs(got - want.clv!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want.clv!)));
        }
      }
    },
  );

  it("scores eight customers with ties as computed by hand", async () => {
    // Recency days / purchases / net spend, as of AS_OF (orders at noon, so days are exact):
    // A 1/3/300  B 1/3/300  C 5/1/100  D 5/2/100  E 10/1/50  F 10/1/50  G 20/1/20  H 40/4/500
    const at = (days: number) => AS_OF - days * DAY_MS - DAY_MS / 2;
    const spec: [string, number, number[]][] = [
      ["A", 1, [100, 100, 100]],
      ["B", 1, [100, 100, 100]],
      ["C", 5, [100]],
      ["D", 5, [60, 40]],
      ["E", 10, [50]],
      ["F", 10, [50]],
      ["G", 20, [20]],
      ["H", 40, [100, 100, 100, 200]],
    ];
    const orders: TestStore["orders"][number][] = [];
    for (const [id, days, amounts] of spec) {
      // The latest purchase `days` ago, earlier ones a day apart before it.
      for (const [k, cents] of amounts.entries()) {
        orders.push({ customer: id, order: `${id}${k}`, at: at(days + k), cents: cents * 100 });
      }
    }
    const store: TestStore = { customers: spec.map(([id]) => ({ id })), orders };
    const ch = await open("clickhouse");
    const ids = await seedClickHouse(ch.db.analytics!, store);
    const { run } = await runScoring({ db: ch.db, asOf: AS_OF, clv: "none", bins: 4 });
    const got = await clickhouseScores(ch.db.analytics!, run.id, ids);
    // score = 1 + floor(4 * W / 8), W = customers strictly worse.
    // Recency (worse = more days): A,B 1d W=6 -> 4; C,D 5d W=4 -> 3; E,F 10d W=2 -> 2; G W=1 -> 1; H W=0 -> 1.
    // Frequency (worse = fewer): 1 purchase C,E,F,G W=0 -> 1; D 2 W=4 -> 3; A,B 3 W=5 -> 3; H 4 W=7 -> 4.
    // Monetary (worse = less): G 20 W=0 -> 1; E,F 50 W=1 -> 1; C,D 100 W=3 -> 2; A,B 300 W=5 -> 3; H 500 W=7 -> 4.
    const want: Record<string, [number, number, number, number, number]> = {
      A: [1, 3, 30_000, 4, 3],
      B: [1, 3, 30_000, 4, 3],
      C: [5, 1, 10_000, 3, 1],
      D: [5, 2, 10_000, 3, 3],
      E: [10, 1, 5_000, 2, 1],
      F: [10, 1, 5_000, 2, 1],
      G: [20, 1, 2_000, 1, 1],
      H: [40, 4, 50_000, 1, 4],
    };
    const mOf: Record<string, number> = { A: 3, B: 3, C: 2, D: 2, E: 1, F: 1, G: 1, H: 4 };
    expect(got.size).toBe(8);
    for (const [id, [days, freq, cents, r, f]] of Object.entries(want)) {
      const m = mOf[id]!;
      expect({ id, ...got.get(id) }).toEqual({
        id,
        recencyDays: days,
        frequency: freq,
        monetaryCents: cents,
        r,
        f,
        m,
        code: ((r - 1) * 4 + (f - 1)) * 4 + (m - 1),
        clv: null,
      });
    }
  });
});
