import type { ReactNode } from "react";
import { ScrollArea } from "./scroll-area";

export interface DataColumn {
  header: string;
  align?: "left" | "right" | "center";
  /** More classes for the header cell, such as a gap before the column (`pl-3`). */
  className?: string;
}

const ALIGN = { left: "text-left", right: "text-right", center: "text-center" } as const;

/**
 * Records as a table: scrolls sideways inside its own focusable region when narrow (named after
 * a string caption), has a caption for screen readers and one
 * header row. The body rows are the caller's (`<tr className="border-b border-slate-100">`).
 */
export function DataTable({
  caption,
  columns,
  testId,
  children,
}: {
  caption: ReactNode;
  columns: readonly DataColumn[];
  testId?: string;
  children: ReactNode;
}) {
  return (
    <ScrollArea label={typeof caption === "string" ? caption : "Table"}>
      <table className="w-full text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs text-slate-600">
          <tr className="border-b border-slate-200">
            {columns.map((column, i) => (
              <th
                // biome-ignore lint/suspicious/noArrayIndexKey: a table's columns are fixed, and headers may repeat
                key={i}
                scope="col"
                className={`${i === 0 ? "py-1 " : ""}${column.className ? `${column.className} ` : ""}${ALIGN[column.align ?? "left"]}`}
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </ScrollArea>
  );
}
