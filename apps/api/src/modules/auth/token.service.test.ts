/** When a token expires, from the two ways of saying it (days from now, or a last day in UTC). */
import { describe, expect, it } from "vitest";
import { expiryOf, tokenStatus } from "./token.service";

const FIELDS = { on: "input.expiresOn", inDays: "input.expiresInDays" };
const NOW = new Date("2026-12-06T08:30:00.000Z");

describe("expiryOf", () => {
  it.each([
    [1, "2026-12-07T08:30:00.000Z"],
    [30, "2027-01-05T08:30:00.000Z"],
    [365, "2027-12-06T08:30:00.000Z"],
    [3650, "2036-12-03T08:30:00.000Z"],
  ])("%i days from 2026-12-06 08:30 UTC end at %s, to the millisecond", (inDays, end) => {
    expect(expiryOf({ inDays }, NOW, FIELDS)?.toISOString()).toBe(end);
  });

  it.each([
    ["2026-12-06", "2026-12-07T00:00:00.000Z"],
    ["2027-01-31", "2027-02-01T00:00:00.000Z"],
    ["2028-02-29", "2028-03-01T00:00:00.000Z"],
  ])("a last day of %s stops it at %s (the next midnight UTC)", (on, end) => {
    expect(expiryOf({ on }, NOW, FIELDS)?.toISOString()).toBe(end);
  });

  it("neither: it never expires", () => {
    expect(expiryOf({}, NOW, FIELDS)).toBeNull();
    expect(expiryOf({ on: null, inDays: null }, NOW, FIELDS)).toBeNull();
  });

  it.each([
    [{ inDays: 0 }, "input.expiresInDays", "a token expires in 1 to 3650 days, got 0"],
    [{ inDays: 3651 }, "input.expiresInDays", "a token expires in 1 to 3650 days, got 3651"],
    [{ inDays: 1.5 }, "input.expiresInDays", "a token expires in 1 to 3650 days, got 1.5"],
    [
      { on: "2026-12-05" },
      "input.expiresOn",
      "2026-12-05 is in the past: a token expires after today (2026-12-06 UTC) or later",
    ],
    [{ on: "2027-02-30" }, "input.expiresOn", '"2027-02-30" is not a date (YYYY-MM-DD)'],
    [{ on: "31/01/2027" }, "input.expiresOn", '"31/01/2027" is not a date (YYYY-MM-DD)'],
    [{ on: "2036-12-04" }, "input.expiresOn", "a token expires within 3650 days; 2036-12-04 is later"],
    [
      { on: "2027-01-31", inDays: 30 },
      "input.expiresInDays",
      "give an expiry date or a number of days, not both",
    ],
  ])("refuses %o on %s", (spec, field, message) => {
    expect(() => expiryOf(spec, NOW, FIELDS)).toThrow(
      expect.objectContaining({ code: "BAD_USER_INPUT", field, message }),
    );
  });
});

describe("tokenStatus", () => {
  const at = (iso: string) => new Date(iso);
  it.each([
    [null, null, "active"],
    [null, "2026-12-06T08:30:00.001Z", "active"],
    [null, "2026-12-06T08:30:00.000Z", "expired"],
    ["2026-12-01T00:00:00.000Z", null, "revoked"],
    ["2026-12-01T00:00:00.000Z", "2026-12-02T00:00:00.000Z", "revoked"],
  ])(
    "revoked %s, expires %s: %s (expired from the instant itself; revoked wins)",
    (revokedAt, expiresAt, status) => {
      expect(
        tokenStatus(
          { revokedAt: revokedAt ? at(revokedAt) : null, expiresAt: expiresAt ? at(expiresAt) : null },
          NOW,
        ),
      ).toBe(status);
    },
  );
});
