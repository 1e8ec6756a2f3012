import type { CustomerEngine } from "../customers";
import type { ClickHouse } from "./connection";
import { notYet } from "./not-yet";

export function clickhouseCustomers(_ch: ClickHouse): CustomerEngine {
  return { write: () => notYet("customers.write") };
}
