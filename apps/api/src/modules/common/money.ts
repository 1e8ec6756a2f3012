/** A money figure summed in floating point (histograms, CLV), rounded to the cent for clients. */
export function money(value: number): number {
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? 0 : rounded;
}

/** As `money`, keeping null. */
export function moneyOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : money(value);
}
