import { IsOptional, MaxLength, ValidateNested } from "class-validator";
import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionOf } from "../common/connection";
import { DateTimeISO } from "../common/scalars";
import { UserError } from "../common/user-errors";
import { CustomerFilter } from "../customer/customer.input";

export enum ExportFormatEnum {
  CSV = "CSV",
  JSONL = "JSONL",
}

registerEnumType(ExportFormatEnum, {
  name: "ExportFormat",
  description: "The file format of an audience export.",
  valuesConfig: {
    CSV: { description: "RFC 4180 CSV with a header row." },
    JSONL: { description: "One JSON object per line." },
  },
});

export enum ExportPresetEnum {
  ALL = "ALL",
  EMAIL = "EMAIL",
  GOOGLE_ADS = "GOOGLE_ADS",
  META = "META",
}

registerEnumType(ExportPresetEnum, {
  name: "ExportPreset",
  description: "A set of columns made for one tool (`exportPresets` lists each with its columns).",
  valuesConfig: {
    ALL: { description: "The original columns, or those `columns` picks: for analysis and your own tools." },
    EMAIL: {
      description: "email, first_name, last_name, segment, segment_key, r, f, m, code: for an email tool.",
    },
    GOOGLE_ADS: {
      description: "Email and Phone SHA-256 hashed after Google's normalisation: Google Ads Customer Match.",
    },
    META: {
      description: "email and phone SHA-256 hashed after Meta's normalisation: Meta Custom Audiences.",
    },
  },
});

export enum ExportPurposeEnum {
  CAMPAIGN = "CAMPAIGN",
  ANALYSIS = "ANALYSIS",
}

registerEnumType(ExportPurposeEnum, {
  name: "ExportPurpose",
  description: "What the file is for, which decides whether marketing consent is required.",
  valuesConfig: {
    CAMPAIGN: {
      description:
        "Marketing use: only customers whose marketing consent is recorded as given; opted-out and not-recorded customers are left out and counted.",
    },
    ANALYSIS: { description: "Analysis only: every customer of the audience, whatever their consent." },
  },
});

@ObjectType({ description: "A column preset of audience exports and the columns it writes." })
export class ExportPresetInfo {
  @Field(() => ExportPresetEnum, { description: "The preset's value for `createExport(input: { preset })`." })
  preset!: ExportPresetEnum;

  @Field(() => [String], {
    description: "The file's header names, in order (the ad platforms' own names for hashed columns).",
  })
  columns!: string[];

  @Field(() => String, {
    description: "What the file is for and who is left out of it, in a sentence or two.",
  })
  description!: string;
}

@ObjectType({ description: "A prepared export: a URL to download the audience from." })
export class ExportTicket {
  @Field(() => String, {
    description:
      "Relative URL of the streamed file, signed and valid until `expiresAt` (no token header needed).",
  })
  url!: string;

  @Field(() => DateTimeISO, {
    description: "When the URL stops working (a new createExport gives a new one).",
  })
  expiresAt!: Date;

  @Field(() => String, {
    description: "The segment, as the mapping spells it; empty for an audience of no one segment.",
  })
  segment!: string;

  @Field(() => String, {
    description: "The audience, summarised as the export log records it (`segment champions, province ON`).",
  })
  audience!: string;

  @Field(() => ExportFormatEnum, { description: "The file format the URL downloads." })
  format!: ExportFormatEnum;

  @Field(() => [String], { description: "The file's columns, in order (`exportColumns` lists them all)." })
  columns!: string[];

  @Field(() => Int, {
    description:
      "Rows the file will have if nothing changes before the download: the audience less the customers left out for consent (CAMPAIGN); customers without the preset's identifier are counted only at download (the export log).",
  })
  rows!: number;

  @Field(() => ExportPresetEnum, { description: "The column preset of the file." })
  preset!: ExportPresetEnum;

  @Field(() => ExportPurposeEnum, {
    description: "CAMPAIGN (consented customers only) or ANALYSIS (everyone).",
  })
  purpose!: ExportPurposeEnum;

  @Field(() => Boolean, {
    description: "True when the CSV file starts with a UTF-8 byte order mark for Excel.",
  })
  excel!: boolean;

  @Field(() => String, {
    description: "The file's name, as the download names it (`champions-2026-12-06.csv`).",
  })
  fileName!: string;

  @Field(() => Int, {
    description:
      "Customers of the audience a CAMPAIGN export leaves out: consent refused or never recorded; 0 for ANALYSIS.",
  })
  leftOutNoConsent!: number;

  @Field(() => Int, { description: "Of `leftOutNoConsent`: customers whose consent was never recorded." })
  leftOutConsentNotRecorded!: number;

  @Field(() => String, {
    description:
      'What is left out and why, in words ("7,310 left out: no marketing consent recorded; choose Analysis to include customers without consent"); empty when nobody is.',
  })
  summary!: string;
}

@ObjectType({ description: "One export of an audience, as logged." })
export class ExportRecord {
  @Field(() => Int, { description: "The export's number in the export log." })
  id!: number;

  @Field(() => DateTimeISO, { description: "When the file was downloaded (the export written)." })
  at!: Date;

  @Field(() => String, { nullable: true, description: "Name of the token used; null from the command line." })
  tokenName!: string | null;

  @Field(() => String, {
    description: "The segment exported, by its name at the time; empty for an audience of no one segment.",
  })
  segment!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "The audience exported, summarised (`segment champions, province ON`; a saved audience by name first); null for exports logged before audiences.",
  })
  audience!: string | null;

  @Field(() => Int, {
    description: "The version of the published mapping that chose the segment's customers.",
  })
  mappingVersion!: number;

  @Field(() => Int, { description: "The number of the scoring run whose scores were exported." })
  runId!: number;

  @Field(() => ExportFormatEnum, { description: "The file format written." })
  format!: ExportFormatEnum;

  @Field(() => Int, { description: "Rows written to the file (customers, without the header)." })
  rows!: number;

  @Field(() => ExportPresetEnum, {
    description: "The column preset written (ALL for exports before presets).",
  })
  preset!: ExportPresetEnum;

  @Field(() => ExportPurposeEnum, {
    description: "CAMPAIGN or ANALYSIS (ANALYSIS for exports before the consent rule, which held everyone).",
  })
  purpose!: ExportPurposeEnum;

  @Field(() => Int, {
    description: "Customers of the audience left out for consent (refused or not recorded).",
  })
  leftOutNoConsent!: number;

  @Field(() => Int, {
    description: "Customers left out for want of the preset's identifier (email; email or phone).",
  })
  leftOutNoIdentifier!: number;
}

export const { Connection: ExportRecordConnection } = connectionOf(
  ExportRecord,
  "ExportRecord",
  "Audience exports as logged, newest first.",
);

@InputType({ description: "Which audience to export, and how." })
export class CreateExportInput {
  @Field(() => String, {
    nullable: true,
    description:
      "The key of the scoring profile whose segment to export; default: the `X-Rfm-Profile` header's, else the default profile.",
  })
  profile?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The segment: its key, or its name (case-insensitive) as the published mapping spells it. Overrides `filter.segment`; with neither, the audience spans segments.",
  })
  @MaxLength(200, { message: "a segment key or name has at most 200 characters" })
  segment?: string | null;

  @Field(() => CustomerFilter, {
    nullable: true,
    description:
      "The audience's filters, exactly as `customers(filter:)` takes them: the file holds the customers that list counts.",
  })
  @ValidateNested()
  filter?: CustomerFilter | null;

  @Field(() => String, {
    nullable: true,
    description:
      "A saved audience's name (`savedAudiences`): its definition is the audience; give no segment or filter with it.",
  })
  @MaxLength(100, { message: "a saved audience name has at most 100 characters" })
  audience?: string | null;

  @Field(() => ExportFormatEnum, {
    defaultValue: ExportFormatEnum.CSV,
    description: "The file format; default CSV.",
  })
  format!: ExportFormatEnum;

  @Field(() => [String], {
    nullable: true,
    description:
      "The columns, in order; null: all (`exportColumns` lists them). UNKNOWN_COLUMN names any other.",
  })
  @IsOptional()
  columns?: string[] | null;

  @Field(() => ExportPresetEnum, {
    defaultValue: ExportPresetEnum.ALL,
    description:
      "The column preset; default ALL. Other presets have their own columns: give `columns` only with ALL.",
  })
  preset!: ExportPresetEnum;

  @Field(() => ExportPurposeEnum, {
    defaultValue: ExportPurposeEnum.CAMPAIGN,
    description: "CAMPAIGN (default: consented customers only) or ANALYSIS (everyone).",
  })
  purpose!: ExportPurposeEnum;

  @Field(() => Boolean, {
    defaultValue: false,
    description: "Start the CSV file with a UTF-8 byte order mark so Excel reads accents right; CSV only.",
  })
  excel!: boolean;
}

@ObjectType({ description: "The outcome of createExport: the download ticket, or the caller's mistakes." })
export class CreateExportPayload {
  @Field(() => ExportTicket, {
    nullable: true,
    description: "The signed download URL and what it will hold; null when the input was refused.",
  })
  export!: ExportTicket | null;

  @Field(() => [UserError], {
    description:
      "Mistakes in the input (unknown segment, saved audience, profile or column, a bad filter; columns with a preset; Excel with JSON lines); empty on success.",
  })
  userErrors!: UserError[];
}
