/**
 * ISO 4217 currency codes: the list is the runtime's own (`Intl.supportedValuesOf("currency")`,
 * ICU's list of current codes, kept up to date with Node), so no table of ours goes stale.
 *
 * Amounts are stored in hundredths of the currency's unit whatever the currency (a yen amount of
 * 1234 is 123400): one rule for every currency, so sums, thresholds and conversions need no
 * per-currency scale. Display uses the currency's own digits (`Intl.NumberFormat`).
 */

const CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));

/** True for an upper-case ISO 4217 code the runtime knows. */
export function isCurrency(code: string): boolean {
  return CODES.has(code);
}

/** The code in upper case if `text` (trimmed, any case) is a known ISO 4217 code, else null. */
export function normalizeCurrency(text: string): string | null {
  const code = text.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(code) && CODES.has(code) ? code : null;
}

/** Why `text` is not a currency code, for rejects and option errors. */
export function unknownCurrencyReason(text: string): string {
  return `currency ${JSON.stringify(text.trim())} is not an ISO 4217 code (three letters, e.g. EUR, USD, JPY)`;
}
