import { env } from "../../env";

/** The ISO 4217 code of a run's money: its own, or the store's for runs from before currencies. */
export function currencyOfRun(run: { readonly currency: string | null } | null): string {
  return run?.currency ?? env.STORE_CURRENCY;
}

/** A money figure summed in floating point (histograms, CLV), rounded to the cent for clients. */
export function money(value: number): number {
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? 0 : rounded;
}

/** As `money`, keeping null. */
export function moneyOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : money(value);
}
