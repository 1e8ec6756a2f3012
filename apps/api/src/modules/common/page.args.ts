import { ArgsType, Field, Int } from "type-graphql";
import { PageSize } from "./limits";

/** The arguments of a plain list, newest first: how many. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: "How many (at most 200)." })
  @PageSize()
  first!: number;
}
