import { Args, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { toConnection } from "../common/connection";
import { decodeCursor, encodeCursor } from "../common/cursor";
import { ConnectionArgs } from "../common/page.args";
import { countAuditEntries, listAuditEntries } from "./audit.service";
import { AuditEntryConnection } from "./audit.type";

@Resolver()
export class AuditResolver {
  @Query(() => AuditEntryConnection, {
    description: "The audit log (who changed what, and when), newest first, a page at a time.",
  })
  async auditLog(
    @Ctx() ctx: Context,
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
  ): Promise<InstanceType<typeof AuditEntryConnection>> {
    const [beforeId] = after ? decodeCursor(after, 1) : [undefined];
    const rows = await listAuditEntries(
      ctx.db,
      first + 1,
      typeof beforeId === "number" ? beforeId : undefined,
    );
    return toConnection(
      rows,
      first,
      after,
      (entry) => encodeCursor([entry.id]),
      await countAuditEntries(ctx.db),
    );
  }
}
