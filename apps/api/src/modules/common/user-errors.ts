/**
 * Mutation payloads (as Shopify's API does): a mutation takes one `input` object and returns a
 * payload whose `userErrors` list the caller's mistakes (field path, code, message); failures
 * of ours stay top-level GraphQL errors. `mutationPayload` validates the input with its
 * class-validator decorators and turns a refusal (an AppError the caller can fix) into
 * `userErrors`, so every mutation reports bad input the same way.
 *
 * Usage (the input argument is declared with `validate: false`: it is validated here instead):
 *
 *   @Mutation(() => RenamePayload)
 *   rename(@Arg("input", () => RenameInput, { validate: false }) input: RenameInput) {
 *     return mutationPayload(input, async () => ({ segment: await this.service.rename(input) }));
 *   }
 */
import { validate } from "class-validator";
import { Field, ObjectType } from "type-graphql";
import { toClientError } from "../../errors";

@ObjectType({
  description: "A mistake in a mutation's input that the caller can correct.",
  simpleResolvers: true,
})
export class UserError {
  @Field(() => [String], {
    nullable: true,
    description:
      'The path of the input field at fault, from the mutation\'s arguments (`["input", "name"]`); null when the input as a whole is refused.',
  })
  field!: string[] | null;

  @Field(() => String, {
    description:
      "What went wrong, for programs to branch on: the API's error code (`BAD_USER_INPUT`, `NOT_FOUND`, `CONFLICT`, `FAILED_PRECONDITION`) or a finer one (`DUPLICATE_SEGMENT`, `INVALID_CRON`...).",
  })
  code!: string;

  @Field(() => String, { description: "What went wrong and how to correct it, for people." })
  message!: string;
}

/** What a mutation's payload holds: its own fields, and the caller's mistakes (empty on success). */
export type Payload<T extends object> = { readonly [K in keyof T]: T[K] | null } & {
  readonly userErrors: UserError[];
};

interface ValidationFailure {
  readonly property: string;
  readonly constraints?: Readonly<Record<string, string>>;
  readonly children?: readonly ValidationFailure[];
}

function failuresOf(failures: readonly ValidationFailure[], path: readonly string[]): UserError[] {
  return failures.flatMap((failure) => {
    const field = [...path, failure.property];
    const own = Object.values(failure.constraints ?? {}).map((message) => ({
      field,
      code: "BAD_USER_INPUT",
      message,
    }));
    return [...own, ...failuresOf(failure.children ?? [], field)];
  });
}

/**
 * The caller's mistake as a user error, or null when the error is not one (a failure of ours,
 * or who is asking: UNAUTHENTICATED and FORBIDDEN stay top-level errors).
 */
export function userErrorOf(error: unknown): UserError | null {
  const client = toClientError(error);
  const { code, reason, field } = client.extensions;
  if (client.status >= 500 || client.status === 401 || client.status === 403) return null;
  const path = typeof field === "string" ? field.split(".") : null;
  return {
    field: path === null ? null : path[0] === "input" ? path : ["input", ...path],
    code: typeof reason === "string" ? reason : code,
    message: client.message,
  };
}

/**
 * Runs a mutation: validates `input` (its class-validator decorators), then `run`. Returns
 * `run`'s fields with no user errors; or, when the input is invalid or `run` refuses it with an
 * AppError the caller can fix, the payload's fields null and the mistakes in `userErrors`.
 * Anything else is rethrown (a top-level error).
 */
export async function mutationPayload<T extends object>(
  input: object | null,
  run: () => Promise<T>,
): Promise<T & { userErrors: UserError[] }> {
  if (input !== null) {
    // As type-graphql validates arguments: a field left out or null is not checked (it is
    // optional in the schema), so `@Min(1)` on an optional field refuses 0 but not its absence.
    const failures = await validate(input, { forbidUnknownValues: false, skipMissingProperties: true });
    if (failures.length > 0) {
      return { userErrors: failuresOf(failures, ["input"]) } as unknown as T & { userErrors: UserError[] };
    }
  }
  try {
    return { ...(await run()), userErrors: [] };
  } catch (error) {
    const userError = userErrorOf(error);
    if (userError === null) throw error;
    return { userErrors: [userError] } as unknown as T & { userErrors: UserError[] };
  }
}
