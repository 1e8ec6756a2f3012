/**
 * Column presets of audience exports: the file a campaign tool takes as it is.
 *
 * - `ALL`: every column of `EXPORT_COLUMNS` (or those `columns` picks): the analysis file.
 * - `EMAIL`: an email tool's file (email, first and last name, plus the segment and scores to
 *   personalise with). Customers without an email are left out and counted.
 * - `GOOGLE_ADS`, `META`: ad-platform customer matching. Only the identifiers, normalised and
 *   SHA-256 hashed by each platform's rules (hashing.ts), under the headers the platform's
 *   upload expects (`Email,Phone`; `email,phone`): two presets because the two platforms
 *   normalise phones (and gmail addresses) differently, so one hash cannot serve both.
 *   Customers with neither a usable email nor a usable phone are left out and counted.
 */
import type { CountryCode } from "libphonenumber-js/max";
import { AppError } from "../../app-error";
import type { AudienceRow } from "../../db/facts";
import type { ExportColumn, HashedColumn, RowHashes } from "./export.format";
import { type AdPlatform, hashedEmail, hashedPhone } from "./hashing";

export const EXPORT_PRESETS = ["ALL", "EMAIL", "GOOGLE_ADS", "META"] as const;
export type ExportPreset = (typeof EXPORT_PRESETS)[number];

export interface PresetDefinition {
  readonly preset: ExportPreset;
  /** Its columns, in order (ALL: every export column). */
  readonly columns: readonly (ExportColumn | HashedColumn)[];
  /** The file's header names where they differ from the column names (ad platforms' own). */
  readonly headers?: Readonly<Partial<Record<HashedColumn, string>>>;
  /** For people: what the file is for. */
  readonly description: string;
  /** The platform whose hashing rules apply (ad presets only). */
  readonly platform?: AdPlatform;
}

const EMAIL_COLUMNS = [
  "email",
  "first_name",
  "last_name",
  "segment",
  "segment_key",
  "r",
  "f",
  "m",
  "code",
] as const satisfies readonly ExportColumn[];

export function presetDefinition(
  preset: ExportPreset,
  allColumns: readonly ExportColumn[],
): PresetDefinition {
  switch (preset) {
    case "ALL":
      return {
        preset,
        columns: allColumns,
        description:
          "Every column (or those you pick): ids, names, contact details, consent, place, R/F/M values and scores, code, segment, CLV. For analysis and your own tools.",
      };
    case "EMAIL":
      return {
        preset,
        columns: EMAIL_COLUMNS,
        description:
          "For an email tool: email, first_name, last_name, and the segment, its key, R/F/M scores and code to personalise with. Customers without an email are left out.",
      };
    case "GOOGLE_ADS":
      return {
        preset,
        platform: "google",
        columns: ["email_sha256", "phone_sha256"],
        headers: { email_sha256: "Email", phone_sha256: "Phone" },
        description:
          "Google Ads Customer Match: Email and Phone, SHA-256 hashed after Google's normalisation (email trimmed, lower-cased, dots removed before @gmail.com; phone in E.164 with +). Customers with neither are left out.",
      };
    case "META":
      return {
        preset,
        platform: "meta",
        columns: ["email_sha256", "phone_sha256"],
        headers: { email_sha256: "email", phone_sha256: "phone" },
        description:
          "Meta Custom Audiences: email and phone, SHA-256 hashed after Meta's normalisation (email trimmed and lower-cased; phone digits only with the country code, no +). Customers with neither are left out.",
      };
  }
}

export function parsePreset(preset: string | null | undefined): ExportPreset {
  if (preset === null || preset === undefined || preset === "") return "ALL";
  const upper = preset.trim().toUpperCase();
  if ((EXPORT_PRESETS as readonly string[]).includes(upper)) return upper as ExportPreset;
  throw new AppError(
    "BAD_USER_INPUT",
    `unknown preset "${preset}"; the presets are ${EXPORT_PRESETS.join(", ")}`,
    {
      field: "preset",
      details: { preset, presets: EXPORT_PRESETS },
    },
  );
}

/**
 * Per row: whether it has the identifier the preset needs (ALL: always), computing the hashes of
 * an ad preset once for both the check and the file.
 */
export interface IdentifierCheck {
  /** Null when the row has no usable identifier (left out); else the hashed values, if any. */
  check(row: AudienceRow): RowHashes | null;
}

export function identifierCheck(definition: PresetDefinition, country: CountryCode): IdentifierCheck {
  const none: RowHashes = { email_sha256: null, phone_sha256: null };
  const { platform } = definition;
  if (definition.preset === "EMAIL") {
    return { check: (row) => (row.email !== null && row.email.trim() !== "" ? none : null) };
  }
  if (platform === undefined) return { check: () => none };
  return {
    check(row) {
      const email_sha256 = hashedEmail(row.email, platform);
      const phone_sha256 = hashedPhone(row.phone, platform, country);
      return email_sha256 === null && phone_sha256 === null ? null : { email_sha256, phone_sha256 };
    },
  };
}
