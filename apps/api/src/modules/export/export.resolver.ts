import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { countFromHistogram, findSegment } from "../audience/audience.compile";
import { queryOfFilter } from "../audience/audience.params";
import { toConnection } from "../common/connection";
import { decodeCursor, encodeCursor } from "../common/cursor";
import { ConnectionArgs } from "../common/page.args";
import { mutationPayload } from "../common/user-errors";
import { countCustomers } from "../customer/customer.repository";
import {
  countExports,
  EXPORT_COLUMNS,
  listExports,
  parseExportColumns,
  resolveExportAudience,
} from "./export.service";
import { EXPORT_URL_TTL_MS } from "./export.signing";
import {
  CreateExportInput,
  CreateExportPayload,
  ExportFormatEnum,
  type ExportRecord,
  ExportRecordConnection,
  type ExportTicket,
} from "./export.type";

const FORMAT_OF_FILE: Record<string, ExportFormatEnum> = {
  csv: ExportFormatEnum.CSV,
  jsonl: ExportFormatEnum.JSONL,
};

/** The enum of a logged file format (export_log holds `csv` or `jsonl`; anything else is a bug here). */
function formatOfFile(format: string): ExportFormatEnum {
  const found = FORMAT_OF_FILE[format];
  if (found === undefined) throw new Error(`export log holds an unknown format "${format}"`);
  return found;
}

@Resolver()
export class ExportResolver {
  @Query(() => [String], { description: "Columns an audience export can have, in their default order." })
  exportColumns(): string[] {
    return [...EXPORT_COLUMNS];
  }

  @Query(() => ExportRecordConnection, {
    description: "Audience exports as logged, newest first, a page at a time.",
  })
  async exports(
    @Ctx() ctx: Context,
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
  ): Promise<InstanceType<typeof ExportRecordConnection>> {
    const [beforeId] = after ? decodeCursor(after, 1) : [undefined];
    const rows = await listExports(ctx.db, first + 1, typeof beforeId === "number" ? beforeId : undefined);
    const records: ExportRecord[] = rows.map((row) => ({
      ...row,
      format: formatOfFile(row.format),
    }));
    return toConnection(records, first, after, (r) => encodeCursor([r.id]), await countExports(ctx.db));
  }

  @Authorized("editor")
  @Mutation(() => CreateExportPayload, {
    description:
      "Prepares an audience export (a segment and filters, or a saved audience) and returns its signed download URL; the file holds the customers `customers(filter:)` counts. An unknown segment, saved audience, profile or column, or a bad filter, comes back in `userErrors`.",
  })
  createExport(
    @Ctx() ctx: Context,
    @Arg("input", () => CreateExportInput, {
      validate: false,
      description: "The audience (segment and filter, or a saved audience's name), format and columns.",
    })
    input: CreateExportInput,
  ): Promise<CreateExportPayload> {
    return mutationPayload(input, async () => ({ export: await this.prepare(ctx, input) }));
  }

  private async prepare(ctx: Context, input: CreateExportInput): Promise<ExportTicket> {
    const { columns, format } = input;
    const profile = input.profile ?? undefined;
    const parsed = parseExportColumns(columns ?? undefined);
    const asked = await ctx.profile(profile);
    // An unknown segment is NOT_FOUND naming `segment` and the mapping's segments, as before audiences.
    if (input.segment != null)
      findSegment((await ctx.current(profile)).mapping.compiled, input.segment, "segment");
    // The audience the download will read, compiled as the download compiles it: the rows
    // promised are the count `customers(filter:)` shows.
    const { audience, saved } = await resolveExportAudience(ctx.db, {
      profileId: asked.id,
      segment: input.segment ?? null,
      filter: input.filter ?? null,
      audience: input.audience ?? null,
    });
    const rows =
      countFromHistogram(audience) ??
      (await countCustomers(ctx.db, audience.run.id, audience.codes, {
        sql: audience.sql,
        readsCustomer: audience.readsCustomer,
        search: audience.search,
      }));
    const expires = Date.now() + EXPORT_URL_TTL_MS;
    const fileFormat = format === ExportFormatEnum.CSV ? "csv" : "jsonl";
    const url = ctx.services.signer.url({
      profile: asked.isDefault ? "" : asked.key,
      route: saved !== null ? "audiences" : audience.segment ? "segments" : "customers",
      segment: saved ?? audience.segment?.name ?? "",
      filter: saved !== null ? "" : queryOfFilter({ ...audience.filter, segment: null }),
      format: fileFormat,
      columns: columns ? parsed.join(",") : "",
      tokenId: ctx.principal.tokenId,
      expires,
    });
    const summary = saved === null ? audience.summary : `saved audience "${saved}": ${audience.summary}`;
    return {
      url,
      expiresAt: new Date(expires),
      segment: audience.segment?.name ?? "",
      audience: summary,
      format,
      columns: parsed,
      rows,
    };
  }
}
