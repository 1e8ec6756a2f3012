import type { ReactNode } from "react";

/** Why the controls next to it are disabled, in words (viewers see everything read-only). */
export function ReadOnlyNotice({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
      <span className="font-semibold">Read-only: </span>
      {children}
    </p>
  );
}
