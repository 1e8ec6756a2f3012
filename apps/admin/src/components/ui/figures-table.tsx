import type { ReactNode } from "react";

/** A chart's figures as a table, one click away: the accessible (and exact) form of a chart. */
export function FiguresTable({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer text-blue-800">Show the figures as a table</summary>
      <div className="mt-2 max-h-80 overflow-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          {children}
        </table>
      </div>
    </details>
  );
}
