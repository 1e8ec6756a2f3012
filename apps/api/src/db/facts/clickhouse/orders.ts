import type { OrderEngine } from "../orders";
import type { ClickHouse } from "./connection";
import { notYet } from "./not-yet";

export function clickhouseOrders(_ch: ClickHouse): OrderEngine {
  return new Proxy({} as OrderEngine, { get: (_t, key) => () => notYet(`orders.${String(key)}`) });
}
