"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "../../../components/ui/button";
import { useFocusIfLost } from "../../../components/ui/focus";
import { Field, TextInput } from "../../../components/ui/form";
import { createClient } from "../../../graphql/client";
import { describeError, isUnauthenticated, tokenExpiredMessage } from "../../../graphql/errors";
import { graphql } from "../../../graphql/generated";
import { safeNext, storeToken } from "../../../lib/auth";

const SignInCheckQuery = graphql(`
  query SignInCheck {
    me {
      name
      role
    }
  }
`);

const REASONS: Record<string, string> = {
  expired: "Your token was not accepted any more (wrong, revoked or expired). Sign in again.",
  "signed-out": "Sign in with your API token to continue.",
};

/** Checks the token with the API (`me`) before keeping it, so a typo is caught here. */
export function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const reason = params.get("reason");
  const [token, setToken] = useState("");
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = token.trim();
    if (!value) {
      setProblem("Enter a token.");
      return;
    }
    setPending(true);
    setProblem(null);
    const result = await createClient({ token: value })
      .query(SignInCheckQuery, {}, { requestPolicy: "network-only" })
      .toPromise();
    setPending(false);
    if (result.error) {
      setProblem(
        isUnauthenticated(result.error)
          ? (tokenExpiredMessage(result.error) ??
              "The API did not accept this token. Check that you copied all of it.")
          : describeError(result.error),
      );
      return;
    }
    storeToken(value);
    router.replace(safeNext(params.get("next"), window.location.origin));
  };

  return (
    <form
      onSubmit={submit}
      className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
    >
      {reason && REASONS[reason] && !problem && (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {REASONS[reason]}
        </p>
      )}
      {problem && <Problem key={problem}>{problem}</Problem>}
      <Field label="API token">
        <TextInput
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(event) => setToken(event.target.value)}
          required
        />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Checking…" : "Sign in"}
      </Button>
    </form>
  );
}

/** Why the token was refused; takes focus when it appears after the disabled "Checking…" button. */
function Problem({ children }: { children: string }) {
  const ref = useFocusIfLost<HTMLParagraphElement>();
  return (
    <p
      ref={ref}
      tabIndex={-1}
      role="alert"
      className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900"
    >
      {children}
    </p>
  );
}
