"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useQuery } from "urql";
import { Field, Select } from "../../../../components/ui/form";
import { PageHeader } from "../../../../components/ui/page-header";
import { PageReady } from "../../../../components/ui/page-ready";
import { EmptyState, ErrorState, Loading } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { formatInt, formatShare } from "../../../../lib/format";
import { useSession } from "../../_components/session";
import { AudienceTable } from "./audience-table";
import { ExportHistory } from "./export-history";
import { ExportPanel } from "./export-panel";

const AudienceSegmentsQuery = graphql(`
  query AudienceSegments {
    mapping {
      bins
    }
    segments {
      name
      customerCount
      customerShare
    }
    exportColumns
  }
`);

/** A segment's customers (paged on the server), its export, and the export history. */
export function AudienceView() {
  const session = useSession();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: AudienceSegmentsQuery });

  const segments = data?.segments ?? [];
  const requested = params.get("segment");
  const current = segments.find((s) => s.name.toLowerCase() === requested?.toLowerCase()) ?? segments[0];
  const choose = (name: string) => router.replace(`${pathname}?segment=${encodeURIComponent(name)}`);

  return (
    <>
      <PageHeader
        title="Audiences"
        description="The customers of a segment in the current scoring run, under the published mapping: sort, filter, search, and export them for a campaign."
      />
      {fetching && !data && <Loading label="Loading the segments…" />}
      {error && !data && (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      )}
      {data && segments.length === 0 && (
        <EmptyState>No segments yet: publish a mapping and run a scoring first.</EmptyState>
      )}
      {data && current && (
        <div className="space-y-6">
          <div className="flex flex-wrap items-end gap-4">
            <Field label="Segment" className="w-72">
              <Select name="segment" value={current.name} onChange={(event) => choose(event.target.value)}>
                {segments.map((s) => (
                  <option key={s.name} value={s.name}>
                    {s.name} ({formatInt(s.customerCount)})
                  </option>
                ))}
              </Select>
            </Field>
            <p className="pb-2 text-sm text-slate-700">
              {formatInt(current.customerCount)} customers, {formatShare(current.customerShare)} of the scored
              customers.
            </p>
          </div>
          {requested && requested.toLowerCase() !== current.name.toLowerCase() && (
            <p role="alert" className="text-sm text-red-900">
              There is no segment named “{requested}”; showing {current.name}.
            </p>
          )}
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <ExportPanel segment={current.name} columns={data.exportColumns} canExport={session.canEdit} />
            <ExportHistory />
          </div>
          <AudienceTable
            key={current.name}
            segment={current.name}
            bins={data.mapping.bins}
            onReady={<PageReady page="audiences" />}
          />
        </div>
      )}
    </>
  );
}
