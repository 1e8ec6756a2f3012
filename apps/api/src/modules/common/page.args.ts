/**
 * Page-size limits, checked by the schema's argument validation (class-validator) before a
 * resolver runs: a page too large is BAD_USER_INPUT naming the argument, with `max`.
 */
import { Max, Min, type ValidationArguments } from "class-validator";
import { ArgsType, Field, Int } from "type-graphql";

export const MAX_PAGE_SIZE = 200;

/** `first` (or any page size) from 1 to MAX_PAGE_SIZE. */
export function PageSize(): PropertyDecorator {
  const options = {
    message: ({ property, value }: ValidationArguments) =>
      `${property} must be from 1 to ${MAX_PAGE_SIZE}, got ${String(value)}`,
    context: { max: MAX_PAGE_SIZE },
  };
  return (target, key) => {
    Min(1, options)(target, key as string);
    Max(MAX_PAGE_SIZE, options)(target, key as string);
  };
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: "How many (at most 200)." })
  @PageSize()
  first!: number;
}
