import type { ImportPreview } from "./import-api";

function shown(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "—";
  // Amounts are the only numbers: shown in cents, as stored.
  if (typeof value === "number")
    return value.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/.test(value))
    return value.slice(0, 10);
  return String(value);
}

/**
 * The first rows as the importer parsed them: per field with a column, its value as it would be
 * stored, or the row's reject (column and reason) across the row.
 */
export function PreviewTable({ preview }: { preview: ImportPreview }) {
  const fields = preview.fields.filter((f) => f.column !== null);
  const rejected = preview.rows.filter((r) => r.reject !== null).length;
  return (
    <>
      <p className="mb-2 text-sm text-slate-700" data-testid="preview-counts">
        {preview.rows.length - rejected} of {preview.rows.length} rows would be imported; {rejected} would be
        rejected.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="preview-table">
          <caption className="sr-only">The file's first rows, parsed</caption>
          <thead className="text-xs text-slate-600">
            <tr className="border-b border-slate-200">
              <th scope="col" className="py-1 pr-3 text-right">
                Line
              </th>
              {fields.map((f) => (
                <th key={f.name} scope="col" className="pr-3 text-left font-mono">
                  {f.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr
                key={row.line}
                className={`border-b border-slate-100 align-top ${row.reject ? "bg-red-50" : ""}`}
                data-testid="preview-row"
              >
                <td className="py-1 pr-3 text-right tabular-nums">{row.line}</td>
                {row.reject ? (
                  <td colSpan={Math.max(1, fields.length)} className="pr-3 text-red-900">
                    <span className="font-medium">
                      Rejected{row.reject.column ? ` (${row.reject.column})` : ""}:{" "}
                    </span>
                    {row.reject.reason}
                  </td>
                ) : (
                  fields.map((f) => (
                    <td key={f.name} className="whitespace-nowrap pr-3">
                      {shown(row.values?.[f.name])}
                    </td>
                  ))
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
