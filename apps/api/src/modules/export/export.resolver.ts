import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { badInput } from "../../errors";
import { checkPageSize } from "../common/cursor";
import { findSegment } from "../customer/customer.service";
import { segmentsOf } from "../segment/segment.resolver";
import { EXPORT_COLUMNS, ExportError, parseExportColumns } from "./export.service";
import { EXPORT_URL_TTL_MS } from "./export.signing";
import { ExportFormatEnum, ExportRecord, ExportTicket } from "./export.type";

@Resolver()
export class ExportResolver {
  @Query(() => [String], { description: "Columns an audience export can have, in their default order." })
  exportColumns(): string[] {
    return [...EXPORT_COLUMNS];
  }

  @Query(() => [ExportRecord], { description: "Audience exports, newest first." })
  async exports(
    @Ctx() ctx: Context,
    @Arg("first", () => Int, { defaultValue: 50, description: "How many (at most 200)." }) first: number,
  ): Promise<ExportRecord[]> {
    const rows = await ctx.db.prisma.exportLog.findMany({
      orderBy: { id: "desc" },
      take: checkPageSize(first),
      select: {
        id: true,
        at: true,
        segment: true,
        mappingVersion: true,
        runId: true,
        format: true,
        rows: true,
        token: { select: { name: true } },
      },
    });
    return rows.map(({ token, ...row }) => ({ ...row, tokenName: token?.name ?? null }));
  }

  @Authorized("editor")
  @Mutation(() => ExportTicket, { description: "Prepares an audience export and returns its download URL." })
  async createExport(
    @Ctx() ctx: Context,
    @Arg("segment", () => String, { description: "Segment name." }) segment: string,
    @Arg("format", () => ExportFormatEnum, {
      defaultValue: ExportFormatEnum.CSV,
      description: "File format.",
    })
    format: ExportFormatEnum,
    @Arg("columns", () => [String], {
      nullable: true,
      description: "Columns in order (default: all); `exportColumns` lists them.",
    })
    columns: string[] | null,
  ): Promise<ExportTicket> {
    let parsed: string[];
    try {
      parsed = parseExportColumns(columns ?? undefined);
    } catch (error) {
      if (error instanceof ExportError) throw badInput(error.message, "columns", { ...error.details });
      throw error;
    }
    const view = await ctx.current();
    const found = findSegment(view.mapping.compiled, segment, "segment");
    const rows = view.run ? (segmentsOf(view)[found.index]?.customerCount ?? 0) : 0;
    const expires = Date.now() + EXPORT_URL_TTL_MS;
    const fileFormat = format === ExportFormatEnum.CSV ? "csv" : "jsonl";
    const url = ctx.services.signer.url({
      segment: found.name,
      format: fileFormat,
      columns: columns ? parsed.join(",") : "",
      tokenId: ctx.principal.tokenId,
      expires,
    });
    return { url, expiresAt: new Date(expires), segment: found.name, format, columns: parsed, rows };
  }
}
