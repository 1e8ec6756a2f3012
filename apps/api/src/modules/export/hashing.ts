/**
 * Customer identifiers for ad-platform customer matching, normalised and hashed (SHA-256, lower
 * case hex) exactly as each platform documents, so that the same person gives the same hash on
 * both sides:
 *
 * - Google Ads Customer Match ("Normalize and hash user-provided data"): email trimmed and
 *   lower-cased, and in `gmail.com` / `googlemail.com` addresses every `.` before the `@`
 *   removed; phone in E.164 (`+` then country code and number: `+14165550123`).
 * - Meta Custom Audiences ("Hashing and normalizing data"): email trimmed and lower-cased;
 *   phone as digits only, with the country code, no `+`, no leading zeros (`14165550123`).
 *
 * Phones are read with libphonenumber-js (Google's metadata): a number written without a
 * country code (`416-555-0123`) takes the store's country (`STORE_COUNTRY`); a number that is
 * not a valid number of its country is unusable (null), never guessed.
 */
import { createHash } from "node:crypto";
import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/max";

export type AdPlatform = "google" | "meta";

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Whether a trimmed, lower-cased text looks like an email address (one `@`, text on both sides, a dot in the domain). */
function looksLikeEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(email);
}

/** The email as the platform hashes it, or null when it is not an email address. */
export function normalizeEmail(email: string | null, platform: AdPlatform): string | null {
  if (email === null) return null;
  const text = email.trim().toLowerCase();
  if (!looksLikeEmail(text)) return null;
  if (platform === "meta") return text;
  const at = text.lastIndexOf("@");
  const domain = text.slice(at + 1);
  if (domain !== "gmail.com" && domain !== "googlemail.com") return text;
  return `${text.slice(0, at).replaceAll(".", "")}@${domain}`;
}

/** The phone in E.164 (`+14165550123`), or null when it is not a valid number. */
export function phoneE164(phone: string | null, defaultCountry: CountryCode): string | null {
  if (phone === null || phone.trim() === "") return null;
  const parsed = parsePhoneNumberFromString(phone, defaultCountry);
  if (!parsed?.isValid()) return null;
  return parsed.number;
}

/** The phone as the platform hashes it (Google: E.164 with `+`; Meta: its digits), or null. */
export function normalizePhone(
  phone: string | null,
  platform: AdPlatform,
  defaultCountry: CountryCode,
): string | null {
  const e164 = phoneE164(phone, defaultCountry);
  if (e164 === null) return null;
  // E.164 never has a leading zero after the `+` (country codes start at 1): dropping the `+`
  // gives Meta's "digits only, with country code, no leading zeros".
  return platform === "google" ? e164 : e164.slice(1);
}

export function hashedEmail(email: string | null, platform: AdPlatform): string | null {
  const normalized = normalizeEmail(email, platform);
  return normalized === null ? null : sha256Hex(normalized);
}

export function hashedPhone(
  phone: string | null,
  platform: AdPlatform,
  defaultCountry: CountryCode,
): string | null {
  const normalized = normalizePhone(phone, platform, defaultCountry);
  return normalized === null ? null : sha256Hex(normalized);
}
