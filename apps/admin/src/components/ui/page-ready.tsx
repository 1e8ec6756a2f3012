"use client";

import { useEffect } from "react";

/**
 * Marks the moment a page becomes usable (its main data is on screen): a `data-page-ready`
 * element for browser tests and a `rfm:ready:<page>` performance mark for the page timing
 * script (test/e2e/page-timings.ts). Render it once the page's primary query has answered.
 */
export function PageReady({ page }: { page: string }) {
  useEffect(() => {
    const name = `rfm:ready:${page}`;
    if (performance.getEntriesByName(name, "mark").length === 0) performance.mark(name);
  }, [page]);
  return <span hidden data-page-ready={page} />;
}
