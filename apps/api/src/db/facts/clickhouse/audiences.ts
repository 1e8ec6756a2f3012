import type { AudienceFacts } from "../audiences";
import type { ClickHouse } from "./connection";
import { notYet } from "./not-yet";

export function clickhouseAudiences(_ch: ClickHouse): AudienceFacts {
  return new Proxy({} as AudienceFacts, { get: (_t, key) => () => notYet(`audiences.${String(key)}`) });
}
