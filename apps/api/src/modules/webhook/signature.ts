/**
 * Delivery signatures, Stripe's scheme: `Rfm-Signature: t=<unix seconds>,v1=<hex>` where the hex
 * is HMAC-SHA256 keyed with the subscription's secret over `<t>.<body>` (the exact bytes sent).
 * The timestamp is inside the signed text, so a receiver that rejects old timestamps (five
 * minutes, say) cannot be fed a captured delivery again later (docs/webhooks.md).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Rfm-Signature";
export const DELIVERY_ID_HEADER = "Rfm-Delivery-Id";

/** A new subscription secret: `whsec_` and 32 random bytes, base64url. */
export function generateSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** The hex HMAC-SHA256 of `<timestamp>.<body>` with `secret`. */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/** The `Rfm-Signature` header's value for `body` sent at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`;
}

/**
 * What a receiver does: true when `header` signs `body` with `secret` and its timestamp is
 * within `toleranceSeconds` of `nowSeconds`. Any `v1=` in the header may match (several are
 * sent while a secret is being rotated).
 */
export function verifySignature(options: {
  readonly secret: string;
  readonly header: string;
  readonly body: string;
  readonly nowSeconds: number;
  readonly toleranceSeconds?: number;
}): boolean {
  const parts = options.header.split(",").map((part) => part.trim().split("="));
  const t = Number(parts.find(([k]) => k === "t")?.[1]);
  if (!Number.isInteger(t)) return false;
  if (Math.abs(options.nowSeconds - t) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signatureOf(options.secret, t, options.body), "hex");
  return parts
    .filter(([k, v]) => k === "v1" && v !== undefined && /^[0-9a-f]{64}$/.test(v))
    .some(([, v]) => timingSafeEqual(Buffer.from(v!, "hex"), expected));
}
