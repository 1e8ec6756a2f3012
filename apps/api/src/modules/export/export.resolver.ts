import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { PageArgs } from "../common/page.args";
import { findSegment } from "../customer/customer.service";
import { ProfileArg } from "../profile/profile.args";
import { segmentsOf } from "../segment/segment.service";
import { EXPORT_COLUMNS, listExports, parseExportColumns } from "./export.service";
import { EXPORT_URL_TTL_MS } from "./export.signing";
import { ExportFormatEnum, ExportRecord, ExportTicket } from "./export.type";

@Resolver()
export class ExportResolver {
  @Query(() => [String], { description: "Columns an audience export can have, in their default order." })
  exportColumns(): string[] {
    return [...EXPORT_COLUMNS];
  }

  @Query(() => [ExportRecord], { description: "Audience exports, newest first." })
  exports(@Ctx() ctx: Context, @Args(() => PageArgs) { first }: PageArgs): Promise<ExportRecord[]> {
    return listExports(ctx.db, first);
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
    @ProfileArg() profile?: string | null,
  ): Promise<ExportTicket> {
    const parsed = parseExportColumns(columns ?? undefined);
    const view = await ctx.current(profile);
    const found = findSegment(view.mapping.compiled, segment, "segment");
    const rows = view.run ? (segmentsOf(view)[found.index]?.customerCount ?? 0) : 0;
    const expires = Date.now() + EXPORT_URL_TTL_MS;
    const fileFormat = format === ExportFormatEnum.CSV ? "csv" : "jsonl";
    const asked = await ctx.profile(profile);
    const url = ctx.services.signer.url({
      profile: asked.isDefault ? "" : asked.key,
      segment: found.name,
      format: fileFormat,
      columns: columns ? parsed.join(",") : "",
      tokenId: ctx.principal.tokenId,
      expires,
    });
    return { url, expiresAt: new Date(expires), segment: found.name, format, columns: parsed, rows };
  }
}
