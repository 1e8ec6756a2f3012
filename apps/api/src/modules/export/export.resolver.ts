import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { countFromHistogram, findSegment } from "../audience/audience.compile";
import { queryOfFilter } from "../audience/audience.params";
import { toConnection } from "../common/connection";
import { decodeCursor, encodeCursor } from "../common/cursor";
import { ConnectionArgs } from "../common/page.args";
import { mutationPayload } from "../common/user-errors";
import { countCustomers } from "../customer/customer.repository";
import { leftOutSummary } from "./consent";
import { DEFAULT_EXPORT_COLUMNS } from "./export.format";
import {
  audienceFileName,
  countConsent,
  countExports,
  EXPORT_COLUMNS,
  exportShape,
  listExports,
  resolveExportAudience,
} from "./export.service";
import { EXPORT_URL_TTL_MS } from "./export.signing";
import {
  CreateExportInput,
  CreateExportPayload,
  ExportFormatEnum,
  ExportPresetEnum,
  ExportPresetInfo,
  ExportPurposeEnum,
  type ExportRecord,
  ExportRecordConnection,
  type ExportTicket,
} from "./export.type";
import { EXPORT_PRESETS, presetDefinition } from "./presets";

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
  @Query(() => [String], {
    description:
      "Columns an audience export can have: the default file's (preset ALL) first, then first_name, last_name, phone, marketing_consent and segment_key, which are written only when asked for.",
  })
  exportColumns(): string[] {
    return [...EXPORT_COLUMNS];
  }

  @Query(() => [ExportPresetInfo], {
    description: "The column presets of audience exports, each with its header names and what it is for.",
  })
  exportPresets(): ExportPresetInfo[] {
    return EXPORT_PRESETS.map((preset) => {
      const definition = presetDefinition(preset, DEFAULT_EXPORT_COLUMNS);
      return {
        preset: ExportPresetEnum[preset],
        columns: definition.columns.map((c) => (definition.headers as Record<string, string>)?.[c] ?? c),
        description: definition.description,
      };
    });
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
      preset: ExportPresetEnum[row.preset as keyof typeof ExportPresetEnum] ?? ExportPresetEnum.ALL,
      purpose: row.purpose === "CAMPAIGN" ? ExportPurposeEnum.CAMPAIGN : ExportPurposeEnum.ANALYSIS,
    }));
    return toConnection(records, first, after, (r) => encodeCursor([r.id]), await countExports(ctx.db));
  }

  @Authorized("editor")
  @Mutation(() => CreateExportPayload, {
    description:
      "Prepares an audience export (a segment and filters, or a saved audience) and returns its signed download URL; the file holds the customers `customers(filter:)` counts (for a campaign, those who consented). An unknown segment, saved audience, profile or column, or a bad filter, comes back in `userErrors`.",
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
    const fileFormat = format === ExportFormatEnum.CSV ? "csv" : "jsonl";
    const shape = exportShape({
      format: fileFormat,
      preset: input.preset ?? null,
      purpose: input.purpose ?? null,
      excel: input.excel ?? false,
      columns: columns ?? null,
    });
    const asked = await ctx.profile(profile);
    // An unknown segment is NOT_FOUND naming `segment` and the mapping's segments, as before audiences.
    if (input.segment != null)
      findSegment((await ctx.current(profile)).mapping.compiled, input.segment, "segment");
    // The audience the download will read, compiled as the download compiles it: the rows
    // promised are the count `customers(filter:)` shows, less (for a campaign) who has not consented.
    const { audience, saved } = await resolveExportAudience(ctx.db, {
      profileId: asked.id,
      segment: input.segment ?? null,
      filter: input.filter ?? null,
      audience: input.audience ?? null,
    });
    let rows =
      countFromHistogram(audience) ??
      (await countCustomers(ctx.db, audience.run.id, audience.codes, {
        sql: audience.sql,
        readsCustomer: audience.readsCustomer,
        search: audience.search,
      }));
    let optedOut = 0;
    let notRecorded = 0;
    if (shape.purpose === "CAMPAIGN") {
      const consent = await countConsent(ctx.db, audience);
      rows = consent.consented;
      optedOut = consent.optedOut;
      notRecorded = consent.notRecorded;
    }
    const expires = Date.now() + EXPORT_URL_TTL_MS;
    const url = ctx.services.signer.url({
      profile: asked.isDefault ? "" : asked.key,
      route: saved !== null ? "audiences" : audience.segment ? "segments" : "customers",
      segment: saved ?? audience.segment?.name ?? "",
      filter: saved !== null ? "" : queryOfFilter({ ...audience.filter, segment: null }),
      format: fileFormat,
      columns: columns ? shape.columns.join(",") : "",
      preset: shape.preset === "ALL" ? "" : shape.preset,
      purpose: shape.purpose === "CAMPAIGN" ? "" : shape.purpose,
      excel: shape.excel ? "true" : "",
      tokenId: ctx.principal.tokenId,
      expires,
    });
    const summary = saved === null ? audience.summary : `saved audience "${saved}": ${audience.summary}`;
    const headers = shape.headers as Record<string, string>;
    return {
      url,
      expiresAt: new Date(expires),
      segment: audience.segment?.name ?? "",
      audience: summary,
      format,
      columns: shape.columns.map((c) => headers[c] ?? c),
      rows,
      preset: ExportPresetEnum[shape.preset],
      purpose: ExportPurposeEnum[shape.purpose],
      excel: shape.excel,
      fileName: audienceFileName(audience, saved, shape.preset, fileFormat),
      leftOutNoConsent: optedOut + notRecorded,
      leftOutConsentNotRecorded: notRecorded,
      summary: leftOutSummary({ optedOut, consentNotRecorded: notRecorded, noIdentifier: 0 }),
    };
  }
}
