"use client";

import type { ReactNode } from "react";
import type { CombinedError } from "urql";
import { describeError } from "../../graphql/errors";
import { Button } from "./button";
import { useFocusIfLost } from "./focus";

/** A loading placeholder announced to screen readers. */
export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-2 py-6 text-sm text-slate-600">
      <span
        aria-hidden="true"
        className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-blue-700"
      />
      {label}
    </div>
  );
}

/**
 * An error with the API's message and, when given, a way to try again. It takes focus when it
 * appears after focus was lost (the submit button disabled while the request ran).
 */
export function ErrorState({
  error,
  message,
  onRetry,
}: {
  error?: CombinedError;
  message?: string;
  onRetry?: () => void;
}) {
  const ref = useFocusIfLost<HTMLDivElement>();
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900"
    >
      <p>{message ?? (error ? describeError(error) : "Something went wrong.")}</p>
      {onRetry && (
        <Button variant="secondary" size="sm" className="mt-2" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}

/** Nothing to show, said in words, with an optional next step. */
export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <div className="rounded border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
      {children}
    </div>
  );
}

/** A short success or information line, announced politely; focused when it appears after focus was lost. */
export function Notice({
  tone = "info",
  children,
}: {
  tone?: "info" | "success" | "warning";
  children: ReactNode;
}) {
  const tones = {
    info: "border-blue-200 bg-blue-50 text-blue-950",
    success: "border-green-200 bg-green-50 text-green-950",
    warning: "border-amber-300 bg-amber-50 text-amber-950",
  } as const;
  const ref = useFocusIfLost<HTMLDivElement>();
  return (
    <div ref={ref} tabIndex={-1} role="status" className={`rounded border p-3 text-sm ${tones[tone]}`}>
      {children}
    </div>
  );
}

/**
 * The one-line result of an action ("Moved 2 codes to Loyal Customer."), announced politely
 * and focused when it appears after focus was lost (the action's button was disabled or removed).
 */
export function DoneMessage({
  children,
  className = "text-sm text-green-800",
  testId,
}: {
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  const ref = useFocusIfLost<HTMLParagraphElement>();
  return (
    <p ref={ref} tabIndex={-1} role="status" className={className} data-testid={testId}>
      {children}
    </p>
  );
}
