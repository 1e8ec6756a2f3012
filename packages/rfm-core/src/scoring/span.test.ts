import { describe, expect, it } from "vitest";
import { DAY_MS } from "../days";
import { defaultAsOf, spanWarnings } from "./span";

const at = (iso: string) => Date.parse(iso);
const NOW = at("2026-12-06T12:00:00Z");

describe("defaultAsOf", () => {
  it.each([
    ["2026-12-01T10:00:00Z", "2026-12-02T00:00:00Z", null],
    ["2026-12-06T23:59:59Z", "2026-12-07T00:00:00Z", null],
    ["2026-12-07T00:00:00Z", "2026-12-07T00:00:00Z", "AS_OF_CAPPED"],
    ["9999-12-31T00:00:00Z", "2026-12-07T00:00:00Z", "AS_OF_CAPPED"],
  ])("latest order %s: as of %s (%s)", (latest, asOf, code) => {
    const out = defaultAsOf({ latestOrder: at(latest), now: NOW });
    expect(new Date(out.asOf).toISOString()).toBe(asOf.replace("Z", ".000Z"));
    expect(out.warning?.code ?? null).toBe(code);
  });

  it.each([
    // 23:30 on 5 December in Toronto is 04:30 UTC on the 6th: as of the end of 5 December there.
    ["2026-12-06T04:30:00Z", "2026-12-06T05:00:00.000Z", null],
    ["2026-12-06T05:00:00Z", "2026-12-07T05:00:00.000Z", null],
    // now is 07:00 on 6 December in Toronto: an order on the 7th there is capped at the end of the 6th.
    ["2026-12-07T05:00:00Z", "2026-12-07T05:00:00.000Z", "AS_OF_CAPPED"],
  ])("in Toronto, latest order %s: as of %s (%s)", (latest, asOf, code) => {
    const out = defaultAsOf({ latestOrder: at(latest), now: NOW, timeZone: "America/Toronto" });
    expect(new Date(out.asOf).toISOString()).toBe(asOf);
    expect(out.warning?.code ?? null).toBe(code);
  });

  it("names the latest order's day and today", () => {
    expect(defaultAsOf({ latestOrder: at("9999-12-31"), now: NOW }).warning?.message).toMatch(
      /^The latest order is dated 9999-12-31, after today \(2026-12-06\)/,
    );
  });
});

describe("spanWarnings", () => {
  const latest = at("2024-06-01");
  it.each([
    ["orders 50 years apart", at("1974-06-02"), latest, latest + DAY_MS, []],
    [
      "orders 51 years apart",
      at("1973-06-01"),
      latest,
      latest + DAY_MS,
      ["The orders span 51 years (1973-06-01 to 2024-06-01)"],
    ],
    ["as of 10 years after", at("2020-01-01"), latest, latest + 10 * 365 * DAY_MS, []],
    [
      "as of 11 years after",
      at("2020-01-01"),
      latest,
      latest + 11 * 365.25 * DAY_MS,
      ["The run is as of 2035-06-01, 11 years after the latest order (2024-06-01)"],
    ],
  ])("%s", (_, earliest, last, asOf, messages) => {
    const warnings = spanWarnings({ asOf, earliestOrder: earliest, latestOrder: last });
    expect(warnings.map((w) => w.code)).toEqual(messages.map(() => "IMPLAUSIBLE_SPAN"));
    for (const [i, w] of warnings.entries()) expect(w.message).toContain(messages[i]);
  });

  it("names the as-of as the last day counted: an as-of instant of 2036-01-01T00:00 in UTC is as of 2035-12-31", () => {
    const [warning] = spanWarnings({
      asOf: at("2036-01-01"),
      earliestOrder: at("2020-01-01"),
      latestOrder: latest,
    });
    expect(warning?.message).toBe(
      "The run is as of 2035-12-31, 11 years after the latest order (2024-06-01): every recency includes that gap.",
    );
  });

  it("names days in the store's zone: 2036-01-01T05:00Z is the start of that day in Toronto, so as of 2035-12-31 there", () => {
    const [warning] = spanWarnings({
      asOf: Date.parse("2036-01-01T05:00:00Z"),
      earliestOrder: at("2020-01-01"),
      latestOrder: Date.parse("2024-06-01T12:00:00Z"),
      timeZone: "America/Toronto",
    });
    expect(warning?.message).toBe(
      "The run is as of 2035-12-31, 11 years after the latest order (2024-06-01): every recency includes that gap.",
    );
  });

  it("no orders, no warning", () => {
    expect(spanWarnings({ asOf: NOW, earliestOrder: null, latestOrder: null })).toEqual([]);
  });
});
