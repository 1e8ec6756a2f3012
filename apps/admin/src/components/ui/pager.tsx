"use client";

import { useState } from "react";
import { Button } from "./button";

export interface CursorPages {
  /** The `after` argument of the page shown (null: the first page). */
  after: string | null;
  /** 1-based number of the page shown. */
  page: number;
  previous(): void;
  /** Moves on past `endCursor` (the page's `pageInfo.endCursor`); nothing without one. */
  next(endCursor: string | null | undefined): void;
  /** Back to the first page (a new filter, sort or page size). */
  reset(): void;
}

/**
 * Cursor paging state: the `after` cursor of every page seen so far, so "previous" goes back
 * through them (a connection only pages forward).
 */
export function useCursorPages(): CursorPages {
  // cursors[i] is the `after` of page i + 1; the first page starts at the beginning.
  const [cursors, setCursors] = useState<readonly (string | null)[]>([null]);
  return {
    after: cursors.at(-1) ?? null,
    page: cursors.length,
    previous: () => setCursors((c) => c.slice(0, -1)),
    next: (endCursor) => {
      if (endCursor) setCursors((c) => [...c, endCursor]);
    },
    reset: () => setCursors([null]),
  };
}

/** Previous and next buttons over `useCursorPages`; both wait while a page is loading. */
export function Pager({
  pages,
  pageInfo,
  busy,
  previousLabel = "← Previous",
  nextLabel = "Next →",
}: {
  pages: CursorPages;
  pageInfo: { hasNextPage: boolean; endCursor: string | null } | undefined;
  busy: boolean;
  previousLabel?: string;
  nextLabel?: string;
}) {
  return (
    <div className="flex gap-2">
      <Button variant="secondary" size="sm" disabled={pages.page <= 1 || busy} onClick={pages.previous}>
        {previousLabel}
      </Button>
      <Button
        variant="secondary"
        size="sm"
        disabled={!pageInfo?.hasNextPage || busy}
        onClick={() => pages.next(pageInfo?.endCursor)}
      >
        {nextLabel}
      </Button>
    </div>
  );
}
