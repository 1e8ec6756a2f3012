/**
 * Signed export URLs: `createExport` hands the admin a URL a browser can download from
 * without an Authorization header (a link, a new tab). The signature (HMAC-SHA256 with a key
 * that lives only in this server process) covers the segment, format, columns, the token that
 * asked and the expiry, so the URL cannot be altered or reused after it expires. A restart
 * invalidates outstanding URLs; they are meant to be used at once (10 minutes).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const EXPORT_URL_TTL_MS = 10 * 60_000;

export interface ExportGrant {
  /** The scoring profile's key ("" = the default profile). */
  readonly profile: string;
  readonly segment: string;
  readonly format: "csv" | "jsonl";
  /** Comma-separated columns as given ("" = all). */
  readonly columns: string;
  /** Column preset ("" = ALL), purpose ("" = CAMPAIGN), Excel BOM ("" = no, "true"). */
  readonly preset: string;
  readonly purpose: string;
  readonly excel: string;
  readonly tokenId: number;
  /** Epoch ms. */
  readonly expires: number;
}

export class ExportSigner {
  private readonly key = randomBytes(32);

  private mac(grant: ExportGrant): Buffer {
    const text = [
      grant.profile,
      grant.segment,
      grant.format,
      grant.columns,
      grant.preset,
      grant.purpose,
      grant.excel,
      grant.tokenId,
      grant.expires,
    ].join("\n");
    return createHmac("sha256", this.key).update(text).digest();
  }

  /** The relative URL for a grant. */
  url(grant: ExportGrant): string {
    const params = new URLSearchParams();
    if (grant.profile !== "") params.set("profile", grant.profile);
    if (grant.columns !== "") params.set("columns", grant.columns);
    if (grant.preset !== "") params.set("preset", grant.preset);
    if (grant.purpose !== "") params.set("purpose", grant.purpose);
    if (grant.excel !== "") params.set("excel", grant.excel);
    params.set("token", String(grant.tokenId));
    params.set("expires", String(grant.expires));
    params.set("sig", this.mac(grant).toString("base64url"));
    return `/exports/segments/${encodeURIComponent(grant.segment)}.${grant.format}?${params}`;
  }

  /** True when `sig` signs the grant and it has not expired. */
  verify(grant: ExportGrant, sig: string, now = Date.now()): boolean {
    if (!(grant.expires > now)) return false;
    const given = Buffer.from(sig, "base64url");
    const expected = this.mac(grant);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
