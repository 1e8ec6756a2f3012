import { Field, Int, ObjectType } from "type-graphql";
import { DateTimeISO } from "../common/scalars";

@ObjectType({ description: "One entry of the audit log." })
export class AuditEntry {
  @Field(() => Int, { description: "Entry id." })
  id!: number;

  @Field(() => DateTimeISO, { description: "When." })
  at!: Date;

  @Field(() => String, { description: "Who (the token's name, or system)." })
  actor!: string;

  @Field(() => String, { description: "What, such as mapping.publish." })
  action!: string;

  @Field(() => String, { description: "Kind of thing changed." })
  entity!: string;

  @Field(() => String, { nullable: true, description: "Which one." })
  entityId!: string | null;

  @Field(() => String, { nullable: true, description: "JSON of the value before." })
  before!: string | null;

  @Field(() => String, { nullable: true, description: "JSON of the value after." })
  after!: string | null;
}
