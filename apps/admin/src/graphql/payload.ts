/**
 * Mutations that answer with a payload (`{ ...fields, userErrors { field code message } }`):
 * the caller's mistakes come back as data, not as GraphQL errors. `usePayloadMutation` turns
 * them into the same `CombinedError` a refused mutation gave before, so components show them
 * as they show every error (ErrorState, `errorCode`), with the user error's code and field.
 */
import { useCallback, useState } from "react";
import {
  type AnyVariables,
  CombinedError,
  type DocumentInput,
  type OperationContext,
  type OperationResult,
  useMutation,
} from "urql";

export interface PayloadUserError {
  readonly field?: readonly string[] | null;
  readonly code: string;
  readonly message: string;
}

/** The user errors as a CombinedError (extensions: `code`, `field` as `input.name`); undefined when none. */
export function userErrorsAsError(
  userErrors: readonly PayloadUserError[] | null | undefined,
): CombinedError | undefined {
  if (!userErrors || userErrors.length === 0) return undefined;
  return new CombinedError({
    graphQLErrors: userErrors.map((e) => ({
      message: e.message,
      extensions: { code: e.code, ...(e.field ? { field: e.field.join(".") } : {}) },
    })),
  });
}

/**
 * `useMutation` for a payload mutation: `payloadOf` picks the payload out of the data. The
 * state's `error` and the result's `error` include the payload's user errors.
 */
export function usePayloadMutation<Data, Variables extends AnyVariables>(
  document: DocumentInput<Data, Variables>,
  payloadOf: (data: Data) => { readonly userErrors: readonly PayloadUserError[] } | null | undefined,
) {
  const [state, run] = useMutation<Data, Variables>(document);
  const [userError, setUserError] = useState<CombinedError | undefined>(undefined);
  const execute = useCallback(
    async (
      variables: Variables,
      context?: Partial<OperationContext>,
    ): Promise<OperationResult<Data, Variables>> => {
      const result = await run(variables, context);
      const error = result.data ? userErrorsAsError(payloadOf(result.data)?.userErrors) : undefined;
      setUserError(error);
      return error ? { ...result, error } : result;
    },
    [run, payloadOf],
  );
  return [{ ...state, error: state.error ?? (state.fetching ? undefined : userError) }, execute] as const;
}
