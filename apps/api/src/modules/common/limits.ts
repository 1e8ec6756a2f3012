/**
 * Argument limits as class-validator decorators, checked by the schema's argument validation
 * before a resolver runs (schema.ts); a failure is BAD_USER_INPUT naming the field, with the
 * decorator's `context` (such as `max`) in the extensions (errors.ts). They apply to fields of
 * `@ArgsType` and `@InputType` classes: type-graphql does not validate scalar `@Arg`s.
 */
import { MAX_BINS, MIN_BINS } from "@rfm/core";
import { Max, Min, type ValidationArguments } from "class-validator";

export const MAX_PAGE_SIZE = 200;

function between(
  min: number,
  max: number,
  message: (args: ValidationArguments) => string,
): PropertyDecorator {
  const options = { message, context: { min, max } };
  return (target, key) => {
    Min(min, options)(target, key as string);
    Max(max, options)(target, key as string);
  };
}

/** A page size (`first`): from 1 to MAX_PAGE_SIZE. */
export function PageSize(): PropertyDecorator {
  return between(
    1,
    MAX_PAGE_SIZE,
    ({ property, value }) => `${property} must be from 1 to ${MAX_PAGE_SIZE}, got ${String(value)}`,
  );
}

/** Scores per dimension: rfm-core's MIN_BINS to MAX_BINS. */
export function BinCount(): PropertyDecorator {
  return between(
    MIN_BINS,
    MAX_BINS,
    ({ property, value }) =>
      `${property} must be an integer from ${MIN_BINS} to ${MAX_BINS}, got ${String(value)}`,
  );
}
