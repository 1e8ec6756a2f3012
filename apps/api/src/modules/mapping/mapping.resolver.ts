import {
  assertBins,
  type ScoreRange as CoreRange,
  compileMapping,
  formatRule,
  type MappingDefinition,
  type MappingProblem,
  parseRule,
  type SegmentRule,
  validateMapping,
} from "@rfm/core";

import { Arg, Args, Authorized, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import { AppError } from "../../app-error";
import type { Context } from "../../context";
import { type ConnectionShape, toConnection } from "../common/connection";
import { decodeCursor, encodeCursor } from "../common/cursor";
import { toMoney, toMoneyOrNull } from "../common/money.type";
import { globalId } from "../common/node";
import { mutationPayload } from "../common/user-errors";
import { ProfileArg } from "../profile/profile.args";
import { type SegmentFigures, segmentFigures } from "../segment/segment.service";
import {
  type DraftEdit,
  definitionOf,
  discardDraft,
  editDraft,
  findActiveVersion,
  findDraft,
  findPublishedVersion,
  listPublishedVersionsPage,
  type MappingVersionRecord,
  publishDraft,
  rollbackTo,
  validationOf,
} from "./mapping.service";
import {
  AssignCodesInput,
  CreateSegmentInput,
  DeleteSegmentInput,
  DiscardDraftInput,
  DiscardDraftPayload,
  ImportMappingFileInput,
  ImportMappingFilePayload,
  MappingEditPayload,
  MappingFileFormatEnum,
  type MappingInput,
  MappingPreview,
  type MappingProblemType,
  MappingStatusEnum,
  MappingVersionConnection,
  MappingVersionsArgs,
  MappingVersionType,
  PreviewMappingArgs,
  PublishMappingInput,
  PublishMappingPayload,
  RollbackMappingInput,
  type SegmentPreview,
  type SegmentRuleType,
  SetSegmentRulesInput,
  UpdateSegmentInput,
} from "./mapping.type";
import {
  exportMappingFile,
  type MappingFileImportResult as ImportResult,
  importMappingFile,
} from "./mapping-file";

function range(value: CoreRange | undefined): { min: number; max: number } | null {
  if (value === undefined) return null;
  return typeof value === "number" ? { min: value, max: value } : { min: value[0], max: value[1] };
}

function toRule(rule: SegmentRule): SegmentRuleType {
  return { text: formatRule(rule), r: range(rule.r), f: range(rule.f), m: range(rule.m) };
}

function toProblem(problem: MappingProblem): MappingProblemType {
  return {
    code: problem.code,
    message: problem.message,
    codes: [...problem.codes],
    segments: [...problem.segments],
  };
}

export function toVersionType(record: MappingVersionRecord): MappingVersionType {
  const validation = validationOf(record);
  return {
    version: record.version,
    status: record.status === "draft" ? MappingStatusEnum.DRAFT : MappingStatusEnum.PUBLISHED,
    basedOn: record.basedOn,
    author: record.author,
    note: record.note,
    bins: record.bins,
    createdAt: record.createdAt,
    publishedAt: record.publishedAt,
    segments: record.segments.map((s, position) => ({
      segmentId: globalId("Segment", s.segmentId),
      key: s.key,
      name: s.name,
      description: s.description,
      action: s.action,
      color: s.color,
      position,
      codes: [...s.codes],
      rules: s.rules.map(toRule),
    })),
    valid: validation.valid,
    problems: validation.problems.map(toProblem),
    warnings: validation.warnings.map(toProblem),
  };
}

function toPreview(figures: SegmentFigures): SegmentPreview {
  return {
    key: figures.key,
    name: figures.name,
    color: figures.color,
    codes: figures.codes,
    customerCount: figures.customerCount,
    customerShare: figures.customerShare,
    revenue: toMoney(figures.revenue, figures.currencyCode),
    revenueShare: figures.revenueShare,
    avgClv: toMoneyOrNull(figures.avgClv, figures.currencyCode),
  };
}

/** The input as a definition (its bins are 2..9 already: the arguments' validation). */
function definitionFromInput(input: MappingInput): MappingDefinition {
  const bins = assertBins(input.bins);
  return {
    bins,
    segments: input.segments.map((s, i) => ({
      name: s.name,
      description: s.description,
      action: s.action,
      color: s.color,
      codes: s.codes,
      rules: s.rules.map((text, j) => {
        try {
          return parseRule(text, bins);
        } catch (error) {
          throw new AppError("BAD_USER_INPUT", (error as Error).message, {
            field: `input.segments[${i}].rules[${j}]`,
            cause: error,
          });
        }
      }),
    })),
  };
}

/** The row id of the profile a `profile` argument names (NOT_FOUND naming an unknown one). */
function profileId(ctx: Context, profile: string | null | undefined): Promise<number> {
  return ctx.profileId(profile);
}

@Resolver()
export class MappingResolver {
  @Query(() => MappingVersionType, {
    description: "The profile's published (active) mapping: its latest published version.",
  })
  async mapping(@Ctx() ctx: Context, @ProfileArg() profile?: string | null): Promise<MappingVersionType> {
    return toVersionType(await findActiveVersion(ctx.db, await profileId(ctx, profile)));
  }

  @Query(() => MappingVersionConnection, {
    description: "The profile's published mapping versions, newest first, paged.",
  })
  async mappingVersions(
    @Ctx() ctx: Context,
    @Args(() => MappingVersionsArgs) { first, after }: MappingVersionsArgs,
    @ProfileArg() profile?: string | null,
  ): Promise<ConnectionShape<MappingVersionType>> {
    const before = after == null ? null : decodeCursor(after, 1)[0];
    if (before !== null && (typeof before !== "number" || !Number.isInteger(before))) {
      throw new AppError("BAD_USER_INPUT", "after is not a cursor of this list", { field: "after" });
    }
    const { rows, totalCount } = await listPublishedVersionsPage(
      ctx.db,
      await profileId(ctx, profile),
      first,
      before,
    );
    return toConnection(rows.map(toVersionType), first, after, (v) => encodeCursor([v.version]), totalCount);
  }

  @Query(() => MappingVersionType, {
    description: "One published version of the profile's mapping; NOT_FOUND when there is none.",
  })
  async mappingVersion(
    @Ctx() ctx: Context,
    @Arg("version", () => Int, { description: "The version number (1, 2, ...)." }) version: number,
    @ProfileArg() profile?: string | null,
  ): Promise<MappingVersionType> {
    const record = await findPublishedVersion(ctx.db, version, await profileId(ctx, profile));
    if (!record) {
      throw new AppError("NOT_FOUND", `no published mapping version ${version}`, { field: "version" });
    }
    return toVersionType(record);
  }

  @Query(() => MappingVersionType, {
    nullable: true,
    description: "The shared draft; null when nobody is editing.",
  })
  async mappingDraft(
    @Ctx() ctx: Context,
    @ProfileArg() profile?: string | null,
  ): Promise<MappingVersionType | null> {
    const draft = await findDraft(ctx.db, await profileId(ctx, profile));
    return draft ? toVersionType(draft) : null;
  }

  @Query(() => String, {
    description:
      "A mapping version as a mapping file (docs/mapping.md): the published one, a given version, or the draft.",
  })
  async mappingFile(
    @Ctx() ctx: Context,
    @Arg("format", () => MappingFileFormatEnum, {
      defaultValue: MappingFileFormatEnum.JSON,
      description: "The file's text format: JSON (default) or YAML.",
    })
    format: MappingFileFormatEnum,
    @Arg("version", () => Int, {
      nullable: true,
      description: "A published version (default: the current one).",
    })
    version: number | null,
    @Arg("draft", () => Boolean, {
      defaultValue: false,
      description: "Export the shared draft instead of a published version.",
    })
    draft: boolean,
    @ProfileArg() profile?: string | null,
  ): Promise<string> {
    if (draft && version !== null) {
      throw new AppError("BAD_USER_INPUT", "give either version or draft, not both", { field: "draft" });
    }
    const { text } = await exportMappingFile(ctx.db, {
      format: format === MappingFileFormatEnum.YAML ? "yaml" : "json",
      version,
      draft,
      profileId: await profileId(ctx, profile),
    });
    return text;
  }

  @Query(() => MappingPreview, {
    description: "Per-segment figures under a mapping (default: the draft), from the code histogram.",
  })
  async previewMapping(
    @Ctx() ctx: Context,
    @Args(() => PreviewMappingArgs) { input }: PreviewMappingArgs,
    @ProfileArg() profile?: string | null,
  ): Promise<MappingPreview> {
    const view = await ctx.current(profile);
    let definition: MappingDefinition;
    if (input) {
      definition = definitionFromInput(input);
    } else {
      const id = view.mapping.profileId;
      const draft = (await findDraft(ctx.db, id)) ?? (await findActiveVersion(ctx.db, id));
      definition = definitionOf(draft);
    }
    const validation = validateMapping(definition);
    return {
      runId: view.run?.id ?? null,
      valid: validation.valid,
      problems: validation.problems.map(toProblem),
      segments: validation.valid ? segmentFigures(compileMapping(definition), view.run).map(toPreview) : [],
      published: segmentFigures(view.mapping.compiled, view.run).map(toPreview),
    };
  }

  /** Applies one draft edit: the payload with the segment (found by `key` afterwards) and the draft. */
  private edit(
    ctx: Context,
    profile: string | null | undefined,
    edit: DraftEdit,
    segmentAfter: (record: MappingVersionRecord) => number,
  ) {
    return mutationPayload(null, async () => {
      const record = await editDraft(ctx.db, ctx.principal.name, edit, await profileId(ctx, profile));
      const draft = toVersionType(record);
      const index = segmentAfter(record);
      return { draft, segment: index >= 0 ? (draft.segments[index] ?? null) : null };
    });
  }

  @Authorized("editor")
  @Mutation(() => MappingEditPayload, {
    description:
      "Adds a segment to the shared draft (started from the published mapping if there is none), with its immutable key. DUPLICATE_SEGMENT when the name or key is taken in the draft.",
  })
  async createSegment(
    @Ctx() ctx: Context,
    @Arg("input", () => CreateSegmentInput, { validate: false, description: "The new segment." })
    input: CreateSegmentInput,
  ) {
    const { profile, ...fields } = input;
    return this.edit(ctx, profile, { kind: "createSegment", ...fields }, (record) =>
      record.segments.findIndex((s) => s.name.toLowerCase() === fields.name.trim().toLowerCase()),
    );
  }

  @Authorized("editor")
  @Mutation(() => MappingEditPayload, {
    description:
      "Changes a segment of the shared draft: name, description, action, color, position. Its key and id stay.",
  })
  async updateSegment(
    @Ctx() ctx: Context,
    @Arg("input", () => UpdateSegmentInput, { validate: false, description: "The segment and its changes." })
    input: UpdateSegmentInput,
  ) {
    const { profile, segment, ...changes } = input;
    return this.edit(ctx, profile, { kind: "updateSegment", name: segment, changes }, (record) =>
      segmentIndex(record, changes.name ?? segment),
    );
  }

  @Authorized("editor")
  @Mutation(() => MappingEditPayload, {
    description:
      "Removes a segment from the shared draft; its codes go to `reassignTo`, or are left unassigned (the draft is then invalid). Its key stays reserved for it: adding a segment with that key brings it back.",
  })
  async deleteSegment(
    @Ctx() ctx: Context,
    @Arg("input", () => DeleteSegmentInput, { validate: false, description: "The segment to delete." })
    input: DeleteSegmentInput,
  ) {
    return this.edit(
      ctx,
      input.profile,
      { kind: "deleteSegment", name: input.segment, reassignTo: input.reassignTo ?? null },
      () => -1,
    );
  }

  @Authorized("editor")
  @Mutation(() => MappingEditPayload, {
    description: "Moves codes to a segment of the shared draft, removing them from any other.",
  })
  async assignCodes(
    @Ctx() ctx: Context,
    @Arg("input", () => AssignCodesInput, { validate: false, description: "The codes and their segment." })
    input: AssignCodesInput,
  ) {
    return this.edit(
      ctx,
      input.profile,
      { kind: "assignCodes", codes: input.codes, segment: input.segment },
      (record) => segmentIndex(record, input.segment),
    );
  }

  @Authorized("editor")
  @Mutation(() => MappingEditPayload, {
    description:
      "Defines a segment of the shared draft by score range rules (text form, such as `R4 F3-4 M*`): its codes become exactly the rules' codes, taken from other segments.",
  })
  async setSegmentRules(
    @Ctx() ctx: Context,
    @Arg("input", () => SetSegmentRulesInput, { validate: false, description: "The segment and its rules." })
    input: SetSegmentRulesInput,
  ) {
    return this.edit(
      ctx,
      input.profile,
      { kind: "setSegmentRules", segment: input.segment, rules: input.rules },
      (record) => segmentIndex(record, input.segment),
    );
  }

  @Authorized("editor")
  @Mutation(() => DiscardDraftPayload, { description: "Discards the profile's shared draft." })
  async discardDraft(
    @Ctx() ctx: Context,
    @Arg("input", () => DiscardDraftInput, {
      validate: false,
      nullable: true,
      description: "Which profile's draft (default: the request's profile).",
    })
    input: DiscardDraftInput | null,
  ) {
    return mutationPayload(null, async () => ({
      discarded: await discardDraft(ctx.db, ctx.principal.name, await profileId(ctx, input?.profile)),
    }));
  }

  @Authorized("editor")
  @Mutation(() => PublishMappingPayload, {
    description:
      "Publishes the shared draft as the profile's next version. Segments keep their ids and keys. userErrors: CONFLICT when another version was published after `expectedVersion`; MAPPING_INVALID listing every problem.",
  })
  async publishMapping(
    @Ctx() ctx: Context,
    @Arg("input", () => PublishMappingInput, { validate: false, description: "What to publish." })
    input: PublishMappingInput,
  ) {
    let latest: number | null = null;
    const payload = await mutationPayload(null, async () => {
      try {
        const record = await publishDraft(
          ctx.db,
          ctx.principal.name,
          input.expectedVersion,
          input.note ?? null,
          await profileId(ctx, input.profile),
        );
        ctx.services.state.invalidate();
        return { mapping: toVersionType(record) };
      } catch (error) {
        const published = error instanceof AppError ? error.details.publishedVersion : undefined;
        if (typeof published === "number") latest = published;
        throw error;
      }
    });
    return { ...payload, latestVersion: payload.mapping?.version ?? latest };
  }

  @Authorized("editor")
  @Mutation(() => ImportMappingFilePayload, {
    description:
      "Reads a mapping file (also R rfm_segment() vectors or a PyMC-Marketing segment_config) into the shared draft, replacing its segments (matched to existing segments by key), and publishes it when asked. userErrors: INVALID_MAPPING_FILE naming the path of what is wrong.",
  })
  async importMappingFile(
    @Ctx() ctx: Context,
    @Arg("input", () => ImportMappingFileInput, {
      validate: false,
      description: "The mapping file's text and format, and the profile to import it into.",
    })
    input: ImportMappingFileInput,
  ) {
    return mutationPayload(null, async () => {
      const result: ImportResult = await importMappingFile(ctx.db, ctx.principal.name, {
        profileId: await profileId(ctx, input.profile),
        text: input.text,
        format:
          input.format === MappingFileFormatEnum.JSON
            ? "json"
            : input.format === MappingFileFormatEnum.YAML
              ? "yaml"
              : "auto",
        publish: input.publish,
        note: input.note ?? null,
      }).catch((error: unknown) => {
        // A mistake in the file is in `input.text`; the path inside the file is in the message.
        if (error instanceof AppError && error.code === "INVALID_MAPPING_FILE") {
          throw new AppError(error.code, error.message, {
            field: "input.text",
            details: { ...error.details, path: error.field ?? null },
            cause: error,
          });
        }
        throw error;
      });
      if (result.published) ctx.services.state.invalidate();
      const { report } = result;
      return {
        mapping: toVersionType(result.record),
        published: result.published,
        report: {
          form: report.form,
          order: report.order,
          entries: report.entries.map((e) => ({
            index: e.index,
            path: e.path,
            segment: e.segment,
            rule: e.rule,
            codes: [...e.codes],
            shadowed: e.shadowed.map((sh) => ({ code: sh.code, takenBy: sh.takenBy })),
          })),
          unmatched: [...report.unmatched],
          othersSegment: report.othersSegment,
        },
      };
    });
  }

  @Authorized("editor")
  @Mutation(() => PublishMappingPayload, {
    description:
      "Publishes a copy of an old version as the profile's newest; its segments keep their ids and keys.",
  })
  async rollbackMapping(
    @Ctx() ctx: Context,
    @Arg("input", () => RollbackMappingInput, { validate: false, description: "The version to restore." })
    input: RollbackMappingInput,
  ) {
    return mutationPayload(null, async () => {
      const record = await rollbackTo(
        ctx.db,
        ctx.principal.name,
        input.version,
        input.note ?? null,
        await profileId(ctx, input.profile),
      );
      ctx.services.state.invalidate();
      return { mapping: toVersionType(record) };
    });
  }
}

/** The position of the segment `ref` (key or name) names in a version; -1 when none. */
function segmentIndex(record: MappingVersionRecord, ref: string): number {
  const byKey = record.segments.findIndex((s) => s.key === ref);
  return byKey >= 0
    ? byKey
    : record.segments.findIndex((s) => s.name.toLowerCase() === ref.trim().toLowerCase());
}
