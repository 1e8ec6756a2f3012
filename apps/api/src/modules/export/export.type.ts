import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISO } from "../common/scalars";

export enum ExportFormatEnum {
  CSV = "CSV",
  JSONL = "JSONL",
}

registerEnumType(ExportFormatEnum, {
  name: "ExportFormat",
  description: "Audience export formats.",
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

  @Field(() => DateTimeISO, { description: "When the URL stops working." })
  expiresAt!: Date;

  @Field(() => String, { description: "The segment, as the mapping spells it." })
  segment!: string;

  @Field(() => ExportFormatEnum, { description: "The format." })
  format!: ExportFormatEnum;

  @Field(() => [String], { description: "The columns, in order." })
  columns!: string[];

  @Field(() => Int, { description: "Rows the file will have if nothing changes before the download." })
  rows!: number;
}

@ObjectType({ description: "One export of an audience, as logged." })
export class ExportRecord {
  @Field(() => Int, { description: "Log id." })
  id!: number;

  @Field(() => DateTimeISO, { description: "When." })
  at!: Date;

  @Field(() => String, { nullable: true, description: "Name of the token used; null from the command line." })
  tokenName!: string | null;

  @Field(() => String, { description: "Segment exported." })
  segment!: string;

  @Field(() => Int, { description: "Mapping version applied." })
  mappingVersion!: number;

  @Field(() => Int, { description: "Scoring run read." })
  runId!: number;

  @Field(() => String, { description: "csv or jsonl." })
  format!: string;

  @Field(() => Int, { description: "Rows written." })
  rows!: number;
}
