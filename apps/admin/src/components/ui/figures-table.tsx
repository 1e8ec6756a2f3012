import type { ReactNode } from "react";
import { ScrollArea } from "./scroll-area";

export interface FiguresColumn<Row> {
  header: string;
  /** The cell's content, formatted. */
  cell: (row: Row) => ReactNode;
}

/** Attributes a row may carry besides its cells (test hooks such as `data-testid`). */
export type FiguresRowAttributes = { [attribute: `data-${string}`]: string | number };

/**
 * A chart's figures as a table, one click away: the accessible (and exact) form of a chart.
 * The first column names the row (a day, a segment, an area); the others hold figures,
 * right-aligned.
 */
export function FiguresTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  rowAttributes,
}: {
  caption: string;
  columns: readonly FiguresColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  rowAttributes?: (row: Row) => FiguresRowAttributes;
}) {
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer text-blue-800">Show the figures as a table</summary>
      <ScrollArea label={caption} className="mt-2 max-h-80 overflow-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              {columns.map((column, i) => (
                <th key={column.header} scope="col" className={i === 0 ? undefined : "text-right"}>
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={rowKey(row)} {...rowAttributes?.(row)}>
                {columns.map((column, i) => (
                  <td key={column.header} className={i === 0 ? undefined : "text-right"}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollArea>
    </details>
  );
}
