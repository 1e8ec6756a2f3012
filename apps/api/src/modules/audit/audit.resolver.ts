import { Args, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { PageArgs } from "../common/page.args";
import { listAuditEntries } from "./audit.service";
import { AuditEntry } from "./audit.type";

@Resolver()
export class AuditResolver {
  @Query(() => [AuditEntry], { description: "The audit log, newest first." })
  auditLog(@Ctx() ctx: Context, @Args(() => PageArgs) { first }: PageArgs): Promise<AuditEntry[]> {
    return listAuditEntries(ctx.db, first);
  }
}
