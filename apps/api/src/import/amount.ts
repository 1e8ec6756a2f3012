import type { ImportHint } from "./hints";
import { AMOUNT_ROUNDINGS, type AmountRounding } from "./types";

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const DOT = 46;
const COMMA = 44;
const MINUS = 45;
const PLUS = 43;
const DOLLAR = 36;

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** A number with thousands separators: 1,234.56 or 1,234,567 (one comma and no decimals is ambiguous). */
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * Reads a money amount, or NaN. Accepted: an optional sign and an optional `$` (in either order),
 * then digits with at most one `.` decimal point (`1234.56`, `-12.5`, `.5`, `$12.00`, `-$3`), or
 * digits grouped by `,` in threes when that cannot be a decimal comma: with a `.` decimal part
 * (`1,234.56`) or with two or more groups (`1,234,567`). `1,234` and `12,50` are refused: the
 * comma could be either. No exponents, spaces inside, other currencies or accounting brackets.
 * More than two decimals is refused (`1.234` may be a European thousands separator, `10.005`
 * is not a number of cents) unless the extra ones are zeros (`10.500` is 10.5) or `rounding`
 * says how to round to cents; the rounding is done on the decimal digits, exactly.
 * The text is expected trimmed.
 */
export function parseAmount(text: string, rounding?: AmountRounding): number {
  const n = text.length;
  let i = 0;
  let negative = false;
  let c = text.charCodeAt(0);
  if (c === MINUS || c === PLUS) {
    negative = c === MINUS;
    c = text.charCodeAt(++i);
  }
  if (c === DOLLAR) {
    c = text.charCodeAt(++i);
    if ((c === MINUS || c === PLUS) && i === 1) {
      negative = c === MINUS;
      c = text.charCodeAt(++i);
    }
  }
  const start = i;
  let digits = 0;
  let dots = 0;
  let commas = 0;
  let dot = -1;
  let lastNonZero = -1;
  for (; i < n; i++) {
    c = text.charCodeAt(i);
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      digits++;
      if (c !== DIGIT_0) lastNonZero = i;
    } else if (c === DOT) {
      dots++;
      dot = i;
    } else if (c === COMMA) commas++;
    else return Number.NaN;
  }
  if (digits === 0 || dots > 1) return Number.NaN;
  // Digits past the cents that are not all zeros: refused, or rounded when asked.
  if (dot >= 0 && lastNonZero > dot + 2) {
    if (rounding === undefined || (commas > 0 && !GROUPED.test(text.slice(start)))) return Number.NaN;
    const cents = roundToCents(text.slice(start).replaceAll(",", ""), rounding);
    return negative && cents !== 0 ? -cents / 100 : cents / 100;
  }
  let value: number;
  if (commas === 0 && digits <= 15) {
    // Exact: an integer below 2^53 divided by an exact power of ten is correctly rounded, so
    // this equals Number(body), without the string-to-number conversion.
    let m = 0;
    let decimals = -1;
    for (let k = start; k < n; k++) {
      const d = text.charCodeAt(k);
      if (d === DOT) decimals = 0;
      else {
        m = m * 10 + (d - DIGIT_0);
        if (decimals >= 0) decimals++;
      }
    }
    value = decimals > 0 ? m / (POWERS_OF_TEN[decimals] as number) : m;
  } else {
    let body = start === 0 ? text : text.slice(start);
    if (commas > 0) {
      if (!GROUPED.test(body) || (commas === 1 && dots === 0)) return Number.NaN;
      body = body.replaceAll(",", "");
    }
    value = Number(body);
  }
  // -0 would print as "0" anyway; keep it out of sums and ids.
  return negative && value !== 0 ? -value : value;
}

/**
 * `digits` (`123.4567`: digits, one dot, more than two decimals) in whole cents, rounded by
 * `rounding` on the digits themselves: `half-up` rounds a tie away from zero (the caller applies
 * the sign), `half-even` to the even cent.
 */
function roundToCents(digits: string, rounding: AmountRounding): number {
  const dot = digits.indexOf(".");
  const cents = Number(`${digits.slice(0, dot)}${digits.slice(dot + 1, dot + 3)}`);
  const rest = digits.slice(dot + 3);
  const first = rest.charCodeAt(0) - DIGIT_0;
  let up: boolean;
  if (first !== 5) up = first > 5;
  else if (/[1-9]/.test(rest.slice(1))) up = true;
  else up = rounding === "half-up" || cents % 2 === 1;
  return up ? cents + 1 : cents;
}

/** Reads amounts the way the import's options say (see {@link parseAmount}). */
export class AmountReader {
  constructor(readonly rounding?: AmountRounding) {}

  read(text: string): number {
    return parseAmount(text, this.rounding);
  }
}

/**
 * Why {@link parseAmount} refused a value, as a sentence naming it, and for an amount of more
 * than two decimals the option that would round it (`roundAmounts`).
 */
export function describeBadAmount(text: string): { readonly reason: string; readonly hint?: ImportHint } {
  const shown = JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
  if (/^[-+]?\$?[-+]?(?:\d+|\d{1,3}(?:,\d{3})+)?\.\d{3,}$/.test(text)) {
    return {
      reason: `amount ${shown} has more than two decimals: it is not a number of cents (and "." before three digits may be a thousands separator: write 1234 for 1.234)`,
      hint: { option: "roundAmounts", values: [...AMOUNT_ROUNDINGS] },
    };
  }
  if (/^[-+]?\$?\d{1,3},\d{3}$/.test(text) || /^[-+]?\$?\d+,\d{1,2}$/.test(text)) {
    return {
      reason: `amount ${shown} is ambiguous: "," could be a thousands separator or a decimal comma; write it as 1234.56`,
    };
  }
  return { reason: `amount ${shown} is not a number (accepted forms: 1234.56, -12.5, 1,234.56, $12.00)` };
}
