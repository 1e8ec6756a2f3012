import { CUSTOMER_FIELDS, type CustomerRecord } from "../../db/facts";
import { RecentKeys } from "./order-lines";

/**
 * A customer is packed as one number, `id * KNOWN_RANGE + known`: one bit of `known` per
 * customer field (10 fields: ids below 2^31 stay far inside 2^53). Derived from the fields, so a
 * new field cannot overflow into the id (with a fixed 64 and 10 fields, phones and consent
 * shifted ids and gave orders to other customers).
 */
const KNOWN_RANGE = 2 ** CUSTOMER_FIELDS.length;

/**
 * External customer id -> internal id and which details are stored, for the length of one import,
 * so that a customer's every transaction does not cost a database lookup. Bounded
 * ({@link RecentKeys}): the most recent `remember` distinct customers are kept; an older one is
 * simply looked up again.
 */
export class CustomerCache {
  private readonly customers: RecentKeys;

  constructor(remember = 1_000_000) {
    this.customers = new RecentKeys(remember);
  }

  get(externalId: string): CustomerRecord | undefined {
    const packed = this.customers.get(externalId);
    if (packed === undefined) return undefined;
    return { id: Math.floor(packed / KNOWN_RANGE), known: packed % KNOWN_RANGE };
  }

  set(externalId: string, customer: CustomerRecord): void {
    this.customers.set(externalId, customer.id * KNOWN_RANGE + customer.known);
  }
}
