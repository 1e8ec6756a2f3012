import { Field, ObjectType } from "type-graphql";

/**
 * An amount of money with its currency, as commerce APIs give it (Shopify's `MoneyV2`): the
 * amount as a decimal string, exact to the cent, never a float such as 9397.207279034053.
 */
@ObjectType({ description: "An amount of money in one currency.", simpleResolvers: true })
export class Money {
  @Field(() => String, {
    description:
      'The amount as a decimal string with two decimals (`"9397.21"`, `"-12.50"`), exact: parse it as a decimal, not a float.',
  })
  amount!: string;

  @Field(() => String, { description: "ISO 4217 code of the amount's currency (`EUR`, `CAD`)." })
  currencyCode!: string;
}

/** A money figure in currency units (floating point, from sums) as `Money`, rounded to the cent. */
export function toMoney(units: number, currencyCode: string): Money {
  const cents = Math.round(units * 100);
  return { amount: centsToDecimal(cents), currencyCode };
}

/** As `toMoney`, keeping null. */
export function toMoneyOrNull(units: number | null | undefined, currencyCode: string): Money | null {
  return units === null || units === undefined ? null : toMoney(units, currencyCode);
}

/** Integer minor units (cents, number or bigint) as `Money`, exactly. */
export function centsToMoney(cents: number | bigint, currencyCode: string): Money {
  return { amount: centsToDecimal(cents), currencyCode };
}

function centsToDecimal(cents: number | bigint): string {
  const value = BigInt(cents);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const units = abs / 100n;
  const rest = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}${units}.${rest}`;
}
