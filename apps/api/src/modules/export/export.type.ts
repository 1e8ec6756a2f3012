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

  @Field(() => Int, { description: "Rows the file will have if nothing changes before the download." })
  rows!: number;
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
      "Mistakes in the input (unknown segment, saved audience, profile or column, a bad filter); empty on success.",
  })
  userErrors!: UserError[];
}
