import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "Relay page information.", simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean, { description: "True when there are more items after `endCursor`." })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: "True when `after` was given (items exist before this page)." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the first item of the page." })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Cursor of the last item; pass it as `after` for the next page.",
  })
  endCursor!: string | null;
}
