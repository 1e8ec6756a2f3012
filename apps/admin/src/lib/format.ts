/** A share in 0..1 as a percentage with two decimals ("18.46%"), the way the seed reports them. */
export function formatShare(share: number): string {
  if (!Number.isFinite(share)) return "–";
  return `${(share * 100).toFixed(2)}%`;
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const decimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/** A count with thousands separators ("2,380,000"). */
export function formatInt(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "–" : integer.format(value);
}

const byCurrency = new Map<string, Intl.NumberFormat>();

/** The formatter of a currency, with its own symbol and digits (JPY: none, BHD: three); null for an unknown code. */
function currencyFormat(code: string): Intl.NumberFormat | null {
  let format = byCurrency.get(code);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat("en-US", { style: "currency", currency: code });
    } catch {
      return null;
    }
    byCurrency.set(code, format);
  }
  return format;
}

/**
 * An amount in currency units. With the ISO 4217 code the API gives next to it (`currencyCode`):
 * its symbol and the currency's digits ("$1,234.50", "€1,234.50", "¥1,235", "CA$12.00");
 * without one (or with a code the browser does not know), two decimals and no symbol ("1,234.50").
 */
export function formatMoney(value: number | null | undefined, currencyCode?: string | null): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const format = currencyCode ? currencyFormat(currencyCode) : null;
  return (format ?? money).format(value);
}

/** The API's `Money` (a decimal string and its currency), formatted as `formatMoney` does. */
export function formatMoneyOf(
  value: { readonly amount: string; readonly currencyCode: string } | null | undefined,
): string {
  return value ? formatMoney(Number(value.amount), value.currencyCode) : "–";
}

/** The amount of the API's `Money` as a number, for charts and sums on screen (never for storage). */
export function moneyValue(value: { readonly amount: string } | null | undefined): number {
  return value ? Number(value.amount) : 0;
}

/** A mean or other fractional figure with one decimal. */
export function formatDecimal(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "–" : decimal.format(value);
}

/** A short axis label ("2.4M"). */
export function formatCompact(value: number): string {
  return Number.isFinite(value) ? compact.format(value) : "–";
}

/** The day of an ISO instant or date, in UTC ("2022-08-31"): scoring dates are UTC days. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "–";
  return iso.slice(0, 10);
}

/** `YYYY-MM-DD` of an instant (epoch ms) in a time zone (en-CA writes dates that way). */
function dayIn(time: number, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).format(time);
  } catch {
    // A zone this browser does not know: UTC, as before zones were stored.
    return new Date(time).toISOString().slice(0, 10);
  }
}

/** The day of an instant in the store's time zone (a run's `timeZone`; default UTC). */
export function formatDay(iso: string | null | undefined, timeZone = "UTC"): string {
  if (!iso) return "–";
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : dayIn(time, timeZone);
}

/**
 * The last day before an exclusive end instant, in the store's time zone (default UTC): what
 * people mean by "as of" for a scoring instant (`2026-01-01T00:00:00Z` counts up to 2025-12-31
 * in UTC) and the last day of a window.
 */
export function formatLastDay(exclusiveEnd: string | null | undefined, timeZone = "UTC"): string {
  if (!exclusiveEnd) return "–";
  const time = Date.parse(exclusiveEnd);
  if (Number.isNaN(time)) return exclusiveEnd;
  return dayIn(time - 1, timeZone);
}

/** "as of 2014-12-31", with the zone when it is not UTC: a run's last day counted. */
export function formatAsOf(run: { asOfDay: string; asOfKnown: boolean; timeZone: string }): string {
  const zone = run.timeZone === "UTC" ? "" : ` (${run.timeZone})`;
  return run.asOfKnown ? `${run.asOfDay}${zone}` : `the day of the latest order${zone}`;
}

/** An instant as UTC date and minutes ("2026-11-23 16:50 UTC"). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "–";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A duration in ms as "850 ms", "12.3 s" or "2 min 5 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${seconds} s`;
}
