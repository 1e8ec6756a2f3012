"use client";

import { useQuery } from "urql";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { DataTable } from "../../../../components/ui/data-table";
import { EmptyState, ErrorState, Loading } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { formatDateTime, formatInt } from "../../../../lib/format";

const ExportHistoryQuery = graphql(`
  query ExportHistory {
    exports(first: 20) {
      edges {
        node {
          id
          at
          tokenName
          segment
          audience
          mappingVersion
          runId
          format
          rows
        }
      }
    }
  }
`);

/** The latest audience exports, as the API logged them (one entry per download). */
export function ExportHistory() {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ExportHistoryQuery });
  const refresh = () => reexecute({ requestPolicy: "network-only" });
  const exports = data?.exports.edges.map((e) => e.node);
  return (
    <Card
      title="Export history"
      description="The 20 latest exports, all segments."
      actions={
        <Button variant="secondary" size="sm" onClick={refresh} disabled={fetching}>
          Refresh
        </Button>
      }
    >
      {fetching && !data && <Loading />}
      {error && !data && <ErrorState error={error} onRetry={refresh} />}
      {exports && exports.length === 0 && <EmptyState>No audience has been exported yet.</EmptyState>}
      {exports && exports.length > 0 && (
        <DataTable
          caption="Latest audience exports"
          testId="export-history"
          columns={[
            { header: "When" },
            { header: "Audience" },
            { header: "Format" },
            { header: "Rows", align: "right" },
            { header: "Mapping / run", align: "right" },
            { header: "By", className: "pl-3" },
          ]}
        >
          {exports.map((e) => (
            <tr key={e.id} className="border-b border-slate-100">
              <td className="py-1">{formatDateTime(e.at)}</td>
              <td>{e.audience ?? e.segment}</td>
              <td className="uppercase">{e.format}</td>
              <td className="text-right tabular-nums">{formatInt(e.rows)}</td>
              <td className="text-right">
                v{e.mappingVersion} / run {e.runId}
              </td>
              <td className="pl-3">{e.tokenName ?? "–"}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}
