import { asOfDayOf, storeCalendar } from "../../days";
import { RfmError } from "../../errors";
import { recencyDays as recencyTo } from "../../measures";

/** The half-open window `[from, to)` actually applied: `to` is capped at `asOf`. */
export function resolveWindow(options: {
  readonly asOf: number;
  readonly window?: { readonly from?: number; readonly to?: number };
}): { from: number; to: number } {
  const { asOf } = options;
  if (!Number.isFinite(asOf)) throw new RfmError("INVALID_OPTIONS", "asOf must be a finite epoch-ms time");
  const from = options.window?.from ?? Number.NEGATIVE_INFINITY;
  const to = Math.min(options.window?.to ?? Number.POSITIVE_INFINITY, asOf);
  if (from >= to) {
    throw new RfmError("INVALID_OPTIONS", "the window is empty: from must be before to and before asOf", {
      from,
      to: options.window?.to,
      asOf,
    });
  }
  return { from, to };
}

/** Per-slot running totals, indexed by customer slot. */
export interface SlotTotals {
  readonly minor: Float64Array;
  readonly purchases: Float64Array;
  readonly first: Float64Array;
  readonly last: Float64Array;
}

/**
 * The customers with at least one purchase, in slot order, as aggregate columns: recency in
 * calendar days of `timeZone` (default UTC) from the last purchase's day to the as-of day (the
 * day of the instant before `asOf`), spend back in currency units.
 */
export function collectPurchasers(
  totals: SlotTotals,
  options: { readonly asOf: number; readonly scale: number; readonly timeZone?: string | undefined },
): {
  slots: Uint32Array;
  recencyDays: Float64Array;
  frequency: Float64Array;
  monetary: Float64Array;
  firstPurchase: Float64Array;
  lastPurchase: Float64Array;
} {
  const { minor, purchases, first, last } = totals;
  let kept = 0;
  for (let c = 0; c < purchases.length; c++) if (purchases[c]! > 0) kept++;
  const slots = new Uint32Array(kept);
  const recencyDays = new Float64Array(kept);
  const frequency = new Float64Array(kept);
  const monetary = new Float64Array(kept);
  const firstPurchase = new Float64Array(kept);
  const lastPurchase = new Float64Array(kept);
  const calendar = storeCalendar(options.timeZone);
  const asOfDay = asOfDayOf(options.asOf, calendar);
  let k = 0;
  for (let c = 0; c < purchases.length; c++) {
    if (purchases[c] === 0) continue;
    slots[k] = c;
    recencyDays[k] = recencyTo({ asOfDay, lastPurchase: last[c]!, calendar });
    frequency[k] = purchases[c]!;
    monetary[k] = minor[c]! / options.scale;
    firstPurchase[k] = first[c]!;
    lastPurchase[k] = last[c]!;
    k++;
  }
  return { slots, recencyDays, frequency, monetary, firstPurchase, lastPurchase };
}
