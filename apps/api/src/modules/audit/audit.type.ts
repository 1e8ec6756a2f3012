import { Field, Int, ObjectType } from "type-graphql";
import { connectionOf } from "../common/connection";
import { DateTimeISO } from "../common/scalars";

@ObjectType({
  description: "One change recorded in the audit log: who did what to which object, before and after.",
})
export class AuditEntry {
  @Field(() => Int, { description: "The entry's number, increasing with time." })
  id!: number;

  @Field(() => DateTimeISO, { description: "When the change was made." })
  at!: Date;

  @Field(() => String, { description: "Who made the change: the API token's name, or `system`." })
  actor!: string;

  @Field(() => String, { description: "What was done, as `entity.verb` (such as `mapping.publish`)." })
  action!: string;

  @Field(() => String, { description: "The kind of object changed (such as `mapping_version`)." })
  entity!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "The changed object's own id within its kind; null when the action concerns no single object.",
  })
  entityId!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The object before the change, as JSON text (its shape depends on `entity`); null when created.",
  })
  before!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The object after the change, as JSON text (its shape depends on `entity`); null when deleted.",
  })
  after!: string | null;
}

export const { Connection: AuditEntryConnection } = connectionOf(
  AuditEntry,
  "AuditEntry",
  "Entries of the audit log, newest first.",
);
