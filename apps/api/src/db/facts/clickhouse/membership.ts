import type { Database } from "../../client";
import type { MembershipEngine } from "../membership";
import type { ClickHouse } from "./connection";
import { notYet } from "./not-yet";

export function clickhouseMembership(_db: Database, _ch: ClickHouse): MembershipEngine {
  return new Proxy({} as MembershipEngine, { get: (_t, key) => () => notYet(`membership.${String(key)}`) });
}
