import { describe, expect, it } from "vitest";
import { FACT_ENGINES, useTestDatabase } from "../../db/testing";
import { importTransactions } from "../import/import.service";
import { textInput } from "../import/test-support";
import { runScoring } from "./scoring.service";

const NOW = Date.parse("2026-12-06T12:00:00Z");
const END_OF_TODAY = Date.parse("2026-12-07T00:00:00Z");

describe.each(FACT_ENGINES)("a scoring run's default as-of on %s", (engine) => {
  const t = useTestDatabase(engine);

  /** Stores orders as an import before dates were checked would have (any date accepted). */
  const store = (rows: string) =>
    importTransactions({
      db: t.db,
      input: textInput(`order_id,customer_id,occurred_at,amount\n${rows}`),
      source: "old.csv",
      parse: { futureToleranceDays: 3_000_000, minDate: "0001-01-01" },
    });

  it("is never in the future: an order dated 9999-12-31 gives as-of the end of today, leaves that order out, and warns", async () => {
    await store("A1,c1,2026-11-01,10.00\nA2,c2,2026-12-01,20.00\nA3,c2,9999-12-31,30.00\n");
    const { run } = await runScoring({ db: t.db, now: NOW, clv: "none" });
    expect(run.asOf).toBe(END_OF_TODAY);
    expect(run.transactionsRead).toBe(2);
    expect(run.warnings.map((w) => w.code)).toContain("AS_OF_CAPPED");
    expect(run.warnings.find((w) => w.code === "AS_OF_CAPPED")?.message).toContain(
      "The latest order is dated 9999-12-31, after today (2026-12-06)",
    );
  });

  it("is the end of the latest order's day when that is in the past, without a warning", async () => {
    await store("A1,c1,2026-11-01,10.00\nA2,c2,2026-12-01T15:00:00Z,20.00\n");
    const { run } = await runScoring({ db: t.db, now: NOW, clv: "none" });
    expect(run.asOf).toBe(Date.parse("2026-12-02T00:00:00Z"));
    expect(run.warnings.map((w) => w.code)).not.toContain("AS_OF_CAPPED");
  });

  it("warns about orders spanning more than 50 years, and an as-of more than 10 years after the latest order", async () => {
    await store("A1,c1,0001-01-01,10.00\nA2,c2,2024-06-01,20.00\n");
    const { run } = await runScoring({ db: t.db, now: NOW, clv: "none" });
    expect(run.warnings.filter((w) => w.code === "IMPLAUSIBLE_SPAN").map((w) => w.message)).toEqual([
      expect.stringContaining("The orders span 2,023 years (0001-01-01 to 2024-06-01)"),
    ]);
    const later = await runScoring({ db: t.db, now: NOW, clv: "none", asOf: Date.parse("2040-01-01") });
    expect(later.run.warnings.filter((w) => w.code === "IMPLAUSIBLE_SPAN").map((w) => w.message)).toContain(
      // asOf is the first instant of 2040-01-01: the last day counted is 2039-12-31.
      "The run is as of 2039-12-31, 15 years after the latest order (2024-06-01): every recency includes that gap.",
    );
  });
});
