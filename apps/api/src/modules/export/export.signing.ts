/**
 * Signed export URLs: `createExport` hands the admin a URL a browser can download from
 * without an Authorization header (a link, a new tab). The signature (HMAC-SHA256 with a key
 * that lives only in this server process) covers the route and what it names (a segment, a
 * saved audience), the audience's filters, format, columns, the token that asked and the expiry, so the URL cannot be altered or reused after it expires. A restart
 * invalidates outstanding URLs; they are meant to be used at once (10 minutes).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const EXPORT_URL_TTL_MS = 10 * 60_000;

/**
 * Which export route a URL is for: a segment's audience (`/exports/segments/{segment}`), a saved
 * audience (`/exports/audiences/{name}`), or an audience of no one segment (`/exports/customers`).
 */
export type ExportRoute = "segments" | "audiences" | "customers";

export interface ExportGrant {
  /** The scoring profile's key ("" = the default profile). */
  readonly profile: string;
  readonly route: ExportRoute;
  /** The segment or saved audience the path names ("" on `customers`). */
  readonly segment: string;
  /** The audience's filter parameters, canonical (audience.params.ts `queryOfFilter`); "" for none. */
  readonly filter: string;
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
      grant.route,
      grant.segment,
      grant.filter,
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
    const params = new URLSearchParams(grant.filter);
    if (grant.profile !== "") params.set("profile", grant.profile);
    if (grant.columns !== "") params.set("columns", grant.columns);
    if (grant.preset !== "") params.set("preset", grant.preset);
    if (grant.purpose !== "") params.set("purpose", grant.purpose);
    if (grant.excel !== "") params.set("excel", grant.excel);
    params.set("token", String(grant.tokenId));
    params.set("expires", String(grant.expires));
    params.set("sig", this.mac(grant).toString("base64url"));
    const path =
      grant.route === "customers"
        ? "/exports/customers"
        : `/exports/${grant.route}/${encodeURIComponent(grant.segment)}`;
    return `${path}.${grant.format}?${params}`;
  }

  /** True when `sig` signs the grant and it has not expired. */
  verify(grant: ExportGrant, sig: string, now = Date.now()): boolean {
    if (!(grant.expires > now)) return false;
    const given = Buffer.from(sig, "base64url");
    const expected = this.mac(grant);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
