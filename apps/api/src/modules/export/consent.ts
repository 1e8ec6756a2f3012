/**
 * Marketing consent in exports. An export's `purpose` is `CAMPAIGN` (the default) or
 * `ANALYSIS`. A campaign file holds only customers whose consent is recorded as given
 * (`marketing_consent` true): one opted out, or whose consent was never recorded, is left out
 * and counted. "Not recorded" counts as not consented: opt-in, as GDPR and Canada's CASL ask of
 * commercial email. So a store that never imported consent gets empty campaign files, and the
 * summary says why and what to do (`leftOutSummary`). An analysis file holds everyone.
 */
import { AppError } from "../../app-error";

export const EXPORT_PURPOSES = ["CAMPAIGN", "ANALYSIS"] as const;
export type ExportPurpose = (typeof EXPORT_PURPOSES)[number];

export function parsePurpose(purpose: string | null | undefined): ExportPurpose {
  if (purpose === null || purpose === undefined || purpose === "") return "CAMPAIGN";
  const upper = purpose.trim().toUpperCase();
  if ((EXPORT_PURPOSES as readonly string[]).includes(upper)) return upper as ExportPurpose;
  throw new AppError(
    "BAD_USER_INPUT",
    `unknown purpose "${purpose}"; the purposes are CAMPAIGN (consented customers only) and ANALYSIS (everyone)`,
    { field: "purpose", details: { purpose, purposes: EXPORT_PURPOSES } },
  );
}

/** Customers of the audience left out of the file, by reason. */
export interface LeftOut {
  /** Consent recorded as refused (campaign exports). */
  readonly optedOut: number;
  /** Consent never recorded (campaign exports). */
  readonly consentNotRecorded: number;
  /** No usable identifier for the preset (no email; no valid email or phone for ad presets). */
  readonly noIdentifier: number;
}

export const NOTHING_LEFT_OUT: LeftOut = { optedOut: 0, consentNotRecorded: 0, noIdentifier: 0 };

/** Whether a row's consent (1, 0, null) lets it into a file of this purpose. */
export function consentAllows(purpose: ExportPurpose, consent: number | null): boolean {
  return purpose === "ANALYSIS" || consent === 1;
}

/**
 * The summary of what was left out, in words, or "" when nothing was: "7,310 left out: no
 * marketing consent recorded; choose Analysis to include them".
 */
export function leftOutSummary(leftOut: LeftOut): string {
  const n = (count: number) => count.toLocaleString("en");
  const parts: string[] = [];
  if (leftOut.consentNotRecorded > 0) {
    parts.push(`${n(leftOut.consentNotRecorded)} left out: no marketing consent recorded`);
  }
  if (leftOut.optedOut > 0) parts.push(`${n(leftOut.optedOut)} left out: opted out of marketing`);
  if (leftOut.noIdentifier > 0) {
    parts.push(`${n(leftOut.noIdentifier)} left out: no usable email or phone for this preset`);
  }
  if (parts.length === 0) return "";
  const consent = leftOut.consentNotRecorded + leftOut.optedOut > 0;
  return `${parts.join("; ")}${consent ? "; choose Analysis to include customers without consent" : ""}`;
}
