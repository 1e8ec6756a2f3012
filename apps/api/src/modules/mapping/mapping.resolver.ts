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
import { ProfileArg } from "../profile/profile.args";
import { segmentFigures } from "../segment/segment.service";
import {
  type DraftEdit,
  definitionOf,
  discardDraft,
  editDraft,
  findActiveVersion,
  findDraft,
  findPublishedVersion,
  listPublishedVersions,
  type MappingVersionRecord,
  publishDraft,
  rollbackTo,
  validationOf,
} from "./mapping.service";
import {
  CreateSegmentInput,
  ImportMappingFileInput,
  MappingFileFormatEnum,
  MappingFileImportResult,
  type MappingInput,
  MappingPreview,
  type MappingProblemType,
  MappingStatusEnum,
  MappingVersionType,
  PreviewMappingArgs,
  type SegmentRuleType,
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
  @Query(() => MappingVersionType, { description: "The published (active) mapping." })
  async mapping(@Ctx() ctx: Context, @ProfileArg() profile?: string | null): Promise<MappingVersionType> {
    return toVersionType(await findActiveVersion(ctx.db, await profileId(ctx, profile)));
  }

  @Query(() => [MappingVersionType], { description: "Every published version, newest first." })
  async mappingVersions(
    @Ctx() ctx: Context,
    @ProfileArg() profile?: string | null,
  ): Promise<MappingVersionType[]> {
    return (await listPublishedVersions(ctx.db, await profileId(ctx, profile))).map(toVersionType);
  }

  @Query(() => MappingVersionType, { description: "One published version." })
  async mappingVersion(
    @Ctx() ctx: Context,
    @Arg("version", () => Int, { description: "Version number." }) version: number,
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
      description: "Text format.",
    })
    format: MappingFileFormatEnum,
    @Arg("version", () => Int, {
      nullable: true,
      description: "A published version (default: the current one).",
    })
    version: number | null,
    @Arg("draft", () => Boolean, { defaultValue: false, description: "The shared draft instead." })
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
      segments: validation.valid ? segmentFigures(compileMapping(definition), view.run) : [],
      published: segmentFigures(view.mapping.compiled, view.run),
    };
  }

  private async edit(
    ctx: Context,
    edit: DraftEdit,
    profile: string | null | undefined,
  ): Promise<MappingVersionType> {
    return toVersionType(await editDraft(ctx.db, ctx.principal.name, edit, await profileId(ctx, profile)));
  }

  @Authorized("editor")
  @Mutation(() => MappingVersionType, {
    description: "Adds a segment to the draft (started from the published mapping if none).",
  })
  createSegment(
    @Ctx() ctx: Context,
    @Arg("input", () => CreateSegmentInput, { description: "The segment." }) input: CreateSegmentInput,
    @ProfileArg() profile?: string | null,
  ): Promise<MappingVersionType> {
    return this.edit(ctx, { kind: "createSegment", ...input }, profile);
  }

  @Authorized("editor")
  @Mutation(() => MappingVersionType, { description: "Changes a segment of the draft." })
  updateSegment(
    @Ctx() ctx: Context,
    @Arg("name", () => String, { description: "Current name." }) name: string,
    @Arg("input", () => UpdateSegmentInput, { description: "Changes." }) input: UpdateSegmentInput,
    @ProfileArg() profile?: string | null,
  ): Promise<MappingVersionType> {
    return this.edit(ctx, { kind: "updateSegment", name, changes: { ...input } }, profile);
  }

  @Authorized("editor")
  @Mutation(() => MappingVersionType, {
    description:
      "Removes a segment from the draft; its codes go to `reassignTo`, or are left unassigned (the draft is then invalid).",
  })
  deleteSegment(
    @Ctx() ctx: Context,
    @Arg("name", () => String, { description: "Segment to delete." }) name: string,
    @Arg("reassignTo", () => String, { nullable: true, description: "Segment that receives its codes." })
    reassignTo: string | null,
    @ProfileArg() profile?: string | null,
  ): Promise<MappingVersionType> {
    return this.edit(ctx, { kind: "deleteSegment", name, reassignTo }, profile);
  }

  @Authorized("editor")
  @Mutation(() => MappingVersionType, {
    description: "Moves codes to a segment of the draft (removing them from any other).",
  })
  assignCodes(
    @Ctx() ctx: Context,
    @Arg("codes", () => [String], { description: "Codes such as 444." }) codes: string[],
    @Arg("segment", () => String, { description: "Target segment." }) segment: string,
    @ProfileArg() profile?: string | null,
  ): Promise<MappingVersionType> {
    return this.edit(ctx, { kind: "assignCodes", codes, segment }, profile);
  }

  @Authorized("editor")
  @Mutation(() => MappingVersionType, {
    description:
      "Defines a segment by score range rules (text form, such as `R4 F3-4 M*`): its codes become exactly the rules' codes, taken from other segments.",
  })
  setSegmentRules(
    @Ctx() ctx: Context,
    @Arg("segment", () => String, { description: "Segment." }) segment: string,
    @Arg("rules", () => [String], { description: "Rules in text form." }) rules: string[],
    @ProfileArg() profile?: string | null,
  ): Promise<MappingVersionType> {
    return this.edit(ctx, { kind: "setSegmentRules", segment, rules }, profile);
  }

  @Authorized("editor")
  @Mutation(() => Boolean, { description: "Discards the draft; true when there was one." })
  async discardDraft(@Ctx() ctx: Context, @ProfileArg() profile?: string | null): Promise<boolean> {
    return discardDraft(ctx.db, ctx.principal.name, await profileId(ctx, profile));
  }

  @Authorized("editor")
  @Mutation(() => MappingVersionType, {
    description:
      "Publishes the draft. CONFLICT when another version was published after `expectedVersion`; BAD_USER_INPUT listing every problem when invalid.",
  })
  async publishMapping(
    @Ctx() ctx: Context,
    @Arg("expectedVersion", () => Int, { description: "The published version the editor last saw." })
    expectedVersion: number,
    @Arg("note", () => String, { nullable: true, description: "What changed and why." }) note: string | null,
    @ProfileArg() profile?: string | null,
  ): Promise<MappingVersionType> {
    const record = await publishDraft(
      ctx.db,
      ctx.principal.name,
      expectedVersion,
      note,
      await profileId(ctx, profile),
    );
    ctx.services.state.invalidate();
    return toVersionType(record);
  }

  @Authorized("editor")
  @Mutation(() => MappingFileImportResult, {
    description:
      "Reads a mapping file (also R rfm_segment() vectors or a PyMC-Marketing segment_config) into the shared draft, replacing its segments, and publishes it when asked. INVALID_MAPPING_FILE (400) names the path of what is wrong.",
  })
  async importMappingFile(
    @Ctx() ctx: Context,
    @Arg("input", () => ImportMappingFileInput, { description: "The file." }) input: ImportMappingFileInput,
    @ProfileArg() profile?: string | null,
  ): Promise<MappingFileImportResult> {
    const result: ImportResult = await importMappingFile(ctx.db, ctx.principal.name, {
      profileId: await profileId(ctx, profile),
      text: input.text,
      format:
        input.format === MappingFileFormatEnum.JSON
          ? "json"
          : input.format === MappingFileFormatEnum.YAML
            ? "yaml"
            : "auto",
      publish: input.publish,
      note: input.note ?? null,
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
          shadowed: e.shadowed.map((s) => ({ code: s.code, takenBy: s.takenBy })),
        })),
        unmatched: [...report.unmatched],
        othersSegment: report.othersSegment,
      },
    };
  }

  @Authorized("editor")
  @Mutation(() => MappingVersionType, { description: "Publishes a copy of an old version as the newest." })
  async rollbackMapping(
    @Ctx() ctx: Context,
    @Arg("version", () => Int, { description: "Version to restore." }) version: number,
    @Arg("note", () => String, { nullable: true, description: "Why." }) note: string | null,
    @ProfileArg() profile?: string | null,
  ): Promise<MappingVersionType> {
    const record = await rollbackTo(ctx.db, ctx.principal.name, version, note, await profileId(ctx, profile));
    ctx.services.state.invalidate();
    return toVersionType(record);
  }
}
