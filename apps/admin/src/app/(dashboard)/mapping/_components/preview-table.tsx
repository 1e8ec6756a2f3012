"use client";

import { useMemo } from "react";
import { useQuery } from "urql";
import { Card } from "../../../../components/ui/card";
import { type DataColumn, DataTable } from "../../../../components/ui/data-table";
import { ErrorState, Loading } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import type { MappingInput } from "../../../../graphql/generated/graphql";
import { formatInt, formatMoney, formatShare } from "../../../../lib/format";

export const PreviewQuery = graphql(`
  query MappingPreview($input: MappingInput) {
    previewMapping(input: $input) {
      runId
      valid
      problems {
        code
        message
        codes
      }
      segments {
        ...SegmentPreviewFields
      }
      published {
        ...SegmentPreviewFields
      }
    }
  }

  fragment SegmentPreviewFields on SegmentPreview {
    name
    color
    customerCount
    customerShare
    revenue {
      amount
    }
    revenueShare
  }
`);

interface Figures {
  customerCount: number;
  customerShare: number;
  revenue: number;
  revenueShare: number;
}

/**
 * Customers and revenue per segment under the mapping the editor shows, next to the published
 * mapping, from the current run's code histogram (the API answers without touching
 * customers). The mapping is sent whole, so an edit is previewed in one request as soon as it
 * is made, without waiting for the edit to be saved and the draft to be read back. Any
 * mutation returning a MappingVersion also refreshes it (the published figures may change).
 */
/**
 * The preview's variables for a mapping: one function, so every caller builds the same key.
 * Codes are sorted (their order means nothing), so the mapping shown before an edit is saved
 * and the same mapping read back from the server are one request and one cache entry.
 */
export function previewInputOf(
  bins: number,
  segments: readonly { name: string; color: string; codes: readonly string[] }[],
): MappingInput {
  return {
    bins,
    segments: segments.map((s) => ({ name: s.name, color: s.color, codes: [...s.codes].sort() })),
  };
}

export function PreviewTable({ hasDraft, input }: { hasDraft: boolean; input: MappingInput }) {
  const context = useMemo(() => ({ additionalTypenames: ["MappingVersion"] }), []);
  const [{ data, fetching, error, stale }, reexecute] = useQuery({
    query: PreviewQuery,
    variables: { input },
    context,
  });
  const preview = data?.previewMapping;

  const rows = useMemo(() => {
    if (!preview) return [];
    // Money comes as a decimal string; the table's cells format numbers.
    const figures = (s: (typeof preview.segments)[number]) => ({ ...s, revenue: Number(s.revenue.amount) });
    const published = new Map(preview.published.map((s) => [s.name, figures(s)]));
    const draft = new Map(preview.segments.map((s) => [s.name, figures(s)]));
    const names = [
      ...preview.segments.map((s) => s.name),
      ...preview.published.map((s) => s.name).filter((n) => !draft.has(n)),
    ];
    return names.map((name) => ({ name, draft: draft.get(name), published: published.get(name) }));
  }, [preview]);

  return (
    <Card
      title="Preview"
      description={
        preview
          ? `Scoring run ${preview.runId}: ${hasDraft ? "the draft" : "the published mapping (no draft yet)"} next to the published mapping.`
          : "Customers and revenue per segment under the draft, next to the published figures."
      }
      actions={
        <span aria-live="polite" className="text-xs text-slate-600" data-testid="preview-status">
          {fetching || stale ? "Updating…" : ""}
        </span>
      }
    >
      {fetching && !data && <Loading label="Computing the preview…" />}
      {error && !data && (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      )}
      {preview && !preview.valid && (
        <p className="mb-2 text-sm text-red-900">
          The draft is invalid, so it has no figures yet; fix the problems listed above. Published figures:
        </p>
      )}
      {preview && (
        <DataTable
          caption="Customers and revenue per segment, draft and published"
          testId="preview-table"
          columns={[{ header: "Segment" }, ...figureColumns("customer"), ...figureColumns("revenue")]}
        >
          {rows.map((row) => (
            <tr
              key={row.name}
              className="border-b border-slate-100"
              data-testid="preview-row"
              data-segment={row.name}
              data-draft-customers={row.draft?.customerCount ?? ""}
              data-published-customers={row.published?.customerCount ?? ""}
            >
              <th scope="row" className="py-1 text-left font-medium">
                {row.name}
              </th>
              <FigureCells
                draft={row.draft}
                published={row.published}
                valid={preview.valid}
                field="customer"
              />
              <FigureCells
                draft={row.draft}
                published={row.published}
                valid={preview.valid}
                field="revenue"
              />
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}

const FIELD_LABEL = { customer: "Customers", revenue: "Revenue" } as const;

/** The column headers over one FigureCells group. */
function figureColumns(field: "customer" | "revenue"): DataColumn[] {
  return [
    { header: `${FIELD_LABEL[field]} (draft)`, align: "right" },
    { header: "Published", align: "right" },
    { header: "Change", align: "right" },
  ];
}

function FigureCells({
  draft,
  published,
  valid,
  field,
}: {
  draft: Figures | undefined;
  published: Figures | undefined;
  /** An invalid draft has no figures: no change to show either. */
  valid: boolean;
  field: "customer" | "revenue";
}) {
  const value = (f: Figures | undefined) =>
    f ? (field === "customer" ? f.customerCount : f.revenue) : undefined;
  const share = (f: Figures | undefined) =>
    f ? (field === "customer" ? f.customerShare : f.revenueShare) : undefined;
  const format = field === "customer" ? formatInt : formatMoney;
  const d = value(draft);
  const p = value(published);
  const delta = (d ?? 0) - (p ?? 0);
  return (
    <>
      <td className="text-right tabular-nums">
        {d === undefined ? "–" : format(d)}
        {draft && <span className="ml-1 text-xs text-slate-500">{formatShare(share(draft) ?? 0)}</span>}
      </td>
      <td className="text-right tabular-nums text-slate-600">{p === undefined ? "–" : format(p)}</td>
      <td
        className={`text-right tabular-nums ${delta > 0 ? "text-green-800" : delta < 0 ? "text-red-800" : "text-slate-500"}`}
      >
        {!valid || (d === undefined && p === undefined)
          ? "–"
          : delta === 0
            ? "0"
            : `${delta > 0 ? "+" : "−"}${format(Math.abs(delta))}`}
      </td>
    </>
  );
}
