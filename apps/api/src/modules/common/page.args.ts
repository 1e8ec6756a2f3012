import { ArgsType, Field, Int } from "type-graphql";
import { PageSize } from "./limits";

/** The arguments of a plain list, newest first: how many. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: "How many items to return, from 1 to 200." })
  @PageSize()
  first!: number;
}

/** The arguments of a connection (connection.ts): how many, and after which cursor. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { defaultValue: 50, description: "How many items to return, from 1 to 200." })
  @PageSize()
  first!: number;

  @Field(() => String, {
    nullable: true,
    description:
      "Return the items after this cursor (a previous page's `pageInfo.endCursor`); null: from the start.",
  })
  after?: string | null;
}
