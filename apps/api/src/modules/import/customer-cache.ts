import type { CustomerRecord } from "../../db/facts";
import { RecentKeys } from "./order-lines";

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
    return { id: Math.floor(packed / 64), known: packed % 64 };
  }

  set(externalId: string, customer: CustomerRecord): void {
    this.customers.set(externalId, customer.id * 64 + customer.known);
  }
}
