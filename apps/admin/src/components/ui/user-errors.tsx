"use client";

import { useFocusIfLost } from "./focus";

/**
 * A mutation's `userErrors` (the caller's mistakes the API returns in the payload, not as
 * GraphQL errors), shown as ErrorState shows a failure: one alert, each message on its line.
 */
export interface UserErrorView {
  readonly field?: readonly string[] | null;
  readonly code: string;
  readonly message: string;
}

export function UserErrors({ errors }: { errors: readonly UserErrorView[] | null | undefined }) {
  if (!errors || errors.length === 0) return null;
  return <UserErrorList errors={errors} />;
}

/** The alert itself, mounted only with errors, so it can take focus when it appears (focus.ts). */
function UserErrorList({ errors }: { errors: readonly UserErrorView[] }) {
  const ref = useFocusIfLost<HTMLDivElement>();
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900"
    >
      {errors.map((e) => (
        <p key={`${e.field?.join(".") ?? ""}:${e.code}:${e.message}`} data-code={e.code}>
          {e.message}
        </p>
      ))}
    </div>
  );
}
