import { describe, expect, it } from "vitest";
import {
  BASE_MS,
  backoffCeiling,
  CAP_MS,
  MIN_DELAY_MS,
  nextAttemptAt,
  RETRY_WINDOW_MS,
  retryDelay,
} from "./retry";
import { generateSecret, signatureHeader, verifySignature } from "./signature";

// Computed once outside this code:
//   printf '1767000000.{"deliveryId":"7","events":[]}' | openssl dgst -sha256 -hmac 'whsec_test'
const VECTOR = {
  secret: "whsec_test",
  timestamp: 1767000000,
  body: '{"deliveryId":"7","events":[]}',
  hex: "e15353d4c04cc8d4a8388abeb331697df59f0ac1dc641a3fdf99af690773e23b",
};

describe("delivery signatures", () => {
  it("signs <t>.<body> with HMAC-SHA256 as openssl does", () => {
    expect(signatureHeader(VECTOR.secret, VECTOR.timestamp, VECTOR.body)).toBe(
      `t=${VECTOR.timestamp},v1=${VECTOR.hex}`,
    );
  });

  it("verifies the vector within the tolerance and refuses it after, or with a changed body or key", () => {
    const header = `t=${VECTOR.timestamp},v1=${VECTOR.hex}`;
    const base = { secret: VECTOR.secret, header, body: VECTOR.body };
    expect(verifySignature({ ...base, nowSeconds: VECTOR.timestamp + 300 })).toBe(true);
    expect(verifySignature({ ...base, nowSeconds: VECTOR.timestamp + 301 })).toBe(false);
    expect(verifySignature({ ...base, nowSeconds: VECTOR.timestamp, body: `${VECTOR.body} ` })).toBe(false);
    expect(verifySignature({ ...base, nowSeconds: VECTOR.timestamp, secret: "whsec_other" })).toBe(false);
    expect(
      verifySignature({
        ...base,
        nowSeconds: VECTOR.timestamp,
        header: `t=${VECTOR.timestamp + 1},v1=${VECTOR.hex}`,
      }),
    ).toBe(false);
    expect(verifySignature({ ...base, nowSeconds: VECTOR.timestamp, header: "garbage" })).toBe(false);
  });

  it("generates distinct whsec_ secrets of 32 random bytes", () => {
    const a = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateSecret()).not.toBe(a);
  });
});

describe("retry backoff", () => {
  it.each([
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [7, 1_920_000],
    [8, CAP_MS],
    [50, CAP_MS],
  ])("after failure %i the wait is at most %i ms", (failures, ceiling) => {
    expect(backoffCeiling(failures)).toBe(ceiling);
    expect(retryDelay(failures, () => 0.999999)).toBeLessThanOrEqual(ceiling);
    expect(retryDelay(failures, () => 0.999999)).toBeGreaterThan(ceiling * 0.99);
  });

  it("full jitter: a draw of 0 waits the floor, a draw of 0.5 half the ceiling", () => {
    expect(retryDelay(3, () => 0)).toBe(MIN_DELAY_MS);
    expect(retryDelay(3, () => 0.5)).toBe(BASE_MS * 2);
  });

  it("stops retrying once the next attempt would fall more than 24 h after the first", () => {
    const first = 1_000_000;
    const lastHour = first + RETRY_WINDOW_MS - CAP_MS;
    expect(nextAttemptAt({ failures: 30, firstAttemptAt: first, now: lastHour, random: () => 0.999 })).toBe(
      lastHour + Math.floor(0.999 * CAP_MS),
    );
    expect(
      nextAttemptAt({ failures: 30, firstAttemptAt: first, now: lastHour + 1000, random: () => 0.9999999 }),
    ).toBeNull();
    expect(nextAttemptAt({ failures: 1, firstAttemptAt: first, now: first, random: () => 0.5 })).toBe(
      first + 15_000,
    );
  });
});
