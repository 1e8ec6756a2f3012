import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { checkPageSize } from "../common/cursor";
import { AuditEntry } from "./audit.type";

const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

@Resolver()
export class AuditResolver {
  @Query(() => [AuditEntry], { description: "The audit log, newest first." })
  async auditLog(
    @Ctx() ctx: Context,
    @Arg("first", () => Int, { defaultValue: 50, description: "How many (at most 200)." }) first: number,
  ): Promise<AuditEntry[]> {
    const rows = await ctx.db.prisma.auditLog.findMany({
      orderBy: { id: "desc" },
      take: checkPageSize(first),
    });
    return rows.map((row) => ({ ...row, before: json(row.before), after: json(row.after) }));
  }
}
