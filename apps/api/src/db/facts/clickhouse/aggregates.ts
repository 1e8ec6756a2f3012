import type { AggregateEngine } from "../aggregates";
import type { ClickHouse } from "./connection";
import { notYet } from "./not-yet";

export function clickhouseAggregates(_ch: ClickHouse): AggregateEngine {
  return new Proxy({} as AggregateEngine, { get: (_t, key) => () => notYet(`aggregates.${String(key)}`) });
}
