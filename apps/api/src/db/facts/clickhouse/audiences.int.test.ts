/**
 * Audiences on the ClickHouse cluster, from rows written straight into each shard's local
 * tables (the engine's importer and scoring are other parts): the compiled conditions, the
 * export reader, consent counts and area values, against oracles computed by hand from the
 * fixture below.
 */
import { DAY_MS } from "@rfm/core";
import { beforeEach, describe, expect, it } from "vitest";
import { compileAudience } from "../../../modules/audience/audience.compile";
import type { AudienceFilter } from "../../../modules/audience/audience.filter";
import { getPublishedMapping } from "../../../modules/mapping/mapping.repository";
import { completeRun, createRun, getRun, type ScoringRun } from "../../../modules/scoring/scoring.repository";
import { useTestDatabase } from "../../testing";
import { factsStoreOf } from "..";
import type { AudienceRow } from "../audiences";
import type { ClickHouse } from "./connection";

/** Dense code index of a 4-bin code, by hand: ((r-1)*4 + (f-1))*4 + (m-1). */
const idx = (code: string) => {
  const [r, f, m] = [...code].map(Number) as [number, number, number];
  return ((r - 1) * 4 + (f - 1)) * 4 + (m - 1);
};
const CHAMPION_CODES = ["444", "443", "434", "344"];
const LOST_CODES = ["111", "112", "113", "114", "121", "122", "123"];

interface Fixture {
  readonly id: number;
  readonly externalId: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly province: string | null;
  readonly consent: number | null;
  /** Code in the earlier run, then in the current one. */
  readonly before: string;
  readonly now: string;
  readonly spendCents: number;
  readonly clv: number | null;
  readonly channel: string | null;
}

const PROVINCES = ["Ontario", "ON", " on", "ONTARIO", "Québec", "QC", null, "Alberta"];
const CODES_NOW = ["444", "443", "434", "344", "111", "233", "122", "444"];
const CODES_BEFORE = ["111", "444", "122", "344", "444", "113", "233", "111"];
const CHANNELS = ["Online", "ONLINE ", "Store", null];

/** 40 customers, ids 1..40 (both shards), with text that needs escaping here and there. */
const FIXTURE: Fixture[] = Array.from({ length: 40 }, (_, i) => {
  const id = i + 1;
  return {
    id,
    externalId: `C${String(id).padStart(3, "0")}`,
    name: id === 1 ? "O'Brien \\ Tab\there\nnewline" : id === 8 ? null : `Name ${id} é`,
    email: id % 9 === 0 ? null : `c${id}@example.com`,
    province: PROVINCES[i % PROVINCES.length]!,
    consent: i % 3 === 0 ? 1 : i % 3 === 1 ? 0 : null,
    before: CODES_BEFORE[i % CODES_BEFORE.length]!,
    now: CODES_NOW[(i * 3) % CODES_NOW.length]!,
    spendCents: 1_000 + i * 137,
    clv: i % 5 === 0 ? null : 10 + i * 1.25,
    channel: CHANNELS[i % CHANNELS.length]!,
  };
});

const RUN1_AS_OF = Date.UTC(2024, 5, 1);
const RUN2_AS_OF = RUN1_AS_OF + 28 * DAY_MS;

describe("audiences on the ClickHouse cluster", () => {
  const t = useTestDatabase("clickhouse");
  let run1: ScoringRun;
  let run2: ScoringRun;
  let ch: ClickHouse;

  async function insertByShard(table: string, rows: (Record<string, unknown> & { _id: number })[]) {
    for (let shard = 0; shard < ch.shardCount; shard++) {
      await ch.insertShard(
        shard,
        table,
        rows.filter((row) => ch.shardOf(row._id) === shard).map(({ _id, ...row }) => row),
      );
    }
  }

  async function scoredRun(asOf: number, codeOf: (c: Fixture) => string): Promise<ScoringRun> {
    const mapping = await getPublishedMapping(t.db);
    const id = await createRun(
      t.db,
      {
        profileId: mapping.profileId,
        asOf,
        windowFrom: null,
        windowTo: null,
        timeZone: "UTC",
        bins: 4,
        method: {
          recency: { kind: "quantile" },
          frequency: { kind: "quantile" },
          monetary: { kind: "quantile" },
        } as never,
        monetaryBasis: "total",
      },
      asOf,
    );
    const zeros = () => new Float64Array(64);
    const histogram = {
      bins: 4 as const,
      customers: zeros(),
      monetary: zeros(),
      recencyDays: zeros(),
      frequency: zeros(),
    };
    for (const c of FIXTURE) histogram.customers[idx(codeOf(c))]! += 1;
    await insertByShard(
      "customer_scores_local",
      FIXTURE.map((c) => {
        const code = codeOf(c);
        return {
          _id: c.id,
          run_id: id,
          customer_id: c.id,
          recency_days: c.id,
          frequency: 1 + (c.id % 4),
          monetary_cents: c.spendCents,
          r: Number(code[0]),
          f: Number(code[1]),
          m: Number(code[2]),
          code: idx(code),
          clv: c.clv,
        };
      }),
    );
    await factsStoreOf(t.db).transaction((tx) =>
      completeRun(t.db, tx, id, {
        asOf,
        windowFrom: null,
        windowTo: null,
        thresholds: {} as never,
        customersScored: FIXTURE.length,
        transactionsRead: FIXTURE.length,
        customersWithoutPurchases: 0,
        warnings: [],
        histogram,
        clv: null,
        finishedAt: asOf,
        durationMs: 1,
      }),
    );
    return (await getRun(t.db, id))!;
  }

  beforeEach(async () => {
    ch = t.db.analytics!;
    const customer = (c: Fixture, version: number, province: string | null) => ({
      _id: c.id,
      id: c.id,
      external_id: c.externalId,
      name: c.name,
      first_name: null,
      last_name: null,
      email: c.email,
      phone: null,
      marketing_consent: c.consent,
      province,
      region: null,
      city: null,
      created_at: null,
      imported_at: 0,
      version,
    });
    // An older version of every customer, in Manitoba: reads must see the latest only.
    await insertByShard(
      "customers_local",
      FIXTURE.map((c) => customer(c, 1, "Manitoba")),
    );
    await insertByShard(
      "customers_local",
      FIXTURE.map((c) => customer(c, 2, c.province)),
    );
    await insertByShard(
      "transactions_local",
      FIXTURE.map((c) => ({
        _id: c.id,
        customer_id: c.id,
        order_id: `O${c.id}`,
        occurred_at: RUN1_AS_OF - DAY_MS,
        amount_cents: c.spendCents,
        line_count: 1,
        channel: c.channel,
        currency: null,
        province: null,
        region: null,
        city: null,
        version: 1,
      })),
    );
    run1 = await scoredRun(RUN1_AS_OF, (c) => c.before);
    run2 = await scoredRun(RUN2_AS_OF, (c) => c.now);
  });

  async function readAll(filter: AudienceFilter, batchSize = 7): Promise<AudienceRow[]> {
    const audience = (await compileAudience(
      t.db,
      { run: run2, mapping: await getPublishedMapping(t.db) },
      filter,
    ))!;
    expect(audience.dialect).toBe("clickhouse");
    const rows: AudienceRow[] = [];
    for await (const batch of factsStoreOf(t.db).audiences.read({
      runId: audience.run.id,
      codes: audience.codes,
      conditions: audience.sql,
      batchSize,
    })) {
      rows.push(...batch);
    }
    return rows;
  }

  const ids = (cs: readonly Fixture[]) => cs.map((c) => c.id);
  const champions = (c: Fixture) => CHAMPION_CODES.includes(c.now);

  it("reads a segment's customers in customer-id order, each with its latest customer row, text intact", async () => {
    const rows = await readAll({ segment: "champions" });
    expect(rows.map((r) => r.id)).toEqual(ids(FIXTURE.filter(champions)));
    const c1 = FIXTURE[0]!;
    expect(CHAMPION_CODES).toContain(c1.now);
    expect(rows.find((r) => r.id === 1)).toEqual({
      id: 1,
      externalId: "C001",
      name: "O'Brien \\ Tab\there\nnewline",
      email: "c1@example.com",
      province: c1.province,
      region: null,
      city: null,
      recencyDays: 1,
      frequency: 2,
      monetaryCents: c1.spendCents,
      r: Number(c1.now[0]),
      f: Number(c1.now[1]),
      m: Number(c1.now[2]),
      code: idx(c1.now),
      clv: c1.clv,
      firstName: null,
      lastName: null,
      phone: null,
      marketingConsent: c1.consent,
    } satisfies AudienceRow);
    expect(rows.every((r) => r.province !== "Manitoba")).toBe(true);
  });

  it.each<[string, AudienceFilter, (c: Fixture) => boolean]>([
    [
      "province ON matches Ontario, ON, ' on' and ONTARIO",
      { province: "ON" },
      (c) => ["ontario", "on"].includes((c.province ?? "").trim().toLowerCase()),
    ],
    [
      "province Québec folds its accent's case",
      { province: "québec" },
      (c) => ["Québec", "QC"].includes(c.province ?? ""),
    ],
    [
      "channel online, any case and spaces",
      { segment: "champions", channel: " online" },
      (c) => champions(c) && (c.channel ?? "").trim().toLowerCase() === "online",
    ],
    ["spend from 20.00", { spend: { min: "20.00" } }, (c) => c.spendCents >= 2_000],
    [
      "spend up to 20.00 in champions",
      { segment: "champions", spend: { max: "20" } },
      (c) => champions(c) && c.spendCents <= 2_000,
    ],
    [
      "clv from 30.00 (no CLV never matches)",
      { clv: { min: "30.00" } },
      (c) => c.clv !== null && Math.round(c.clv * 100) >= 3_000,
    ],
    ["recency at most 10 days", { recencyDays: { max: 10 } }, (c) => c.id <= 10],
    [
      "moved from lost customers into champions",
      { segment: "champions", movedFrom: { run: 0, segment: "lost-customer" } },
      (c) => champions(c) && LOST_CODES.includes(c.before),
    ],
    [
      "a province with a quote and a backslash matches nobody, and is no SQL",
      { province: "x' OR 1 = 1 OR province = '\\" },
      () => false,
    ],
  ])("%s", async (_name, filter, want) => {
    const given = filter.movedFrom ? { ...filter, movedFrom: { ...filter.movedFrom, run: run1.id } } : filter;
    const rows = await readAll(given);
    expect(rows.map((r) => r.id)).toEqual(ids(FIXTURE.filter(want)));
  });

  it("counts the audience's customers by consent", async () => {
    const audience = (await compileAudience(
      t.db,
      { run: run2, mapping: await getPublishedMapping(t.db) },
      { segment: "champions" },
    ))!;
    const counts = await factsStoreOf(t.db).audiences.countConsent({
      runId: audience.run.id,
      codes: audience.codes,
      conditions: audience.sql,
    });
    const of = (consent: number | null) =>
      FIXTURE.filter((c) => champions(c) && c.consent === consent).length;
    expect(counts).toEqual({ consented: of(1), optedOut: of(0), notRecorded: of(null) });
    expect(counts.consented + counts.optedOut + counts.notRecorded).toBe(FIXTURE.filter(champions).length);
  });

  it("lists each stored province (latest versions) with its customers, in byte order, at most the limit", async () => {
    const counts = new Map<string, number>();
    for (const c of FIXTURE)
      if (c.province !== null) counts.set(c.province, (counts.get(c.province) ?? 0) + 1);
    const want = [...counts]
      .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      .map(([value, customers]) => ({ value, customers }));
    expect(await factsStoreOf(t.db).audiences.areaValues("province", 1_000)).toEqual(want);
    expect(await factsStoreOf(t.db).audiences.areaValues("province", 2)).toEqual(want.slice(0, 2));
  });

  it("a reader stopped after its first batch leaves the cluster answering", async () => {
    let batches = 0;
    for await (const _batch of factsStoreOf(t.db).audiences.read({
      runId: run2.id,
      codes: Array.from({ length: 64 }, (_, i) => i),
      batchSize: 1,
    })) {
      batches++;
      break;
    }
    expect(batches).toBe(1);
    expect(await readAll({}, 1_000)).toHaveLength(FIXTURE.length);
  });
});
