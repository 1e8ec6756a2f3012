import { formatMoney } from "./format";

/** A `Money` object of the API (`amount` a decimal string) as the admin shows money; "–" for none. */
export function formatMoneyValue(value: { amount: string; currencyCode: string } | null | undefined): string {
  return value ? formatMoney(Number(value.amount), value.currencyCode) : "–";
}
