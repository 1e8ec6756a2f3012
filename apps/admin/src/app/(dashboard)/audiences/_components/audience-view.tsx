"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { useQuery } from "urql";
import { Button } from "../../../../components/ui/button";
import { PageHeader } from "../../../../components/ui/page-header";
import { PageReady } from "../../../../components/ui/page-ready";
import { EmptyState, ErrorState, Loading } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import type { CustomerFilter } from "../../../../graphql/generated/graphql";
import { filterOfParams, problems } from "../../../../lib/audience-params";
import { formatInt, formatShare } from "../../../../lib/format";
import { useSession } from "../../_components/session";
import { AudienceFilters } from "./audience-filters";
import { AudienceTable } from "./audience-table";
import { ExportHistory } from "./export-history";
import { ExportPanel } from "./export-panel";
import { SavedAudiences } from "./saved-audiences";

const AudienceSegmentsQuery = graphql(`
  query AudienceSegments {
    mapping {
      bins
    }
    segments {
      key
      name
      customerCount
      customerShare
    }
    exportColumns
  }
`);

/**
 * An audience: a segment plus filters, all in the URL (lib/audience-params.ts names each
 * parameter), so a link (the movement matrix's cells, a bookmark) opens exactly it. The filters
 * drive the table and its count, then the export below them sends the same filter.
 */
export function AudienceView() {
  const session = useSession();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: AudienceSegmentsQuery });
  const [count, setCount] = useState<{ key: string; value: number } | null>(null);

  const segments = data?.segments ?? [];
  const requested = params.get("segment");
  const find = (given: string | null | undefined) =>
    given ? segments.find((s) => s.key === given || s.name.toLowerCase() === given.toLowerCase()) : undefined;
  // No segment in the URL: the first one, as the page always opened.
  const current = find(requested) ?? (requested ? undefined : segments[0]);
  const filter = useMemo<CustomerFilter>(() => {
    const read = filterOfParams(params);
    return current ? { ...read, segment: current.key } : read;
  }, [params, current]);
  const filterKey = JSON.stringify(filter);
  const unreadable = problems(params);
  const apply = (next: URLSearchParams) =>
    router.replace(next.size > 0 ? `${pathname}?${next}` : pathname, { scroll: false });
  const movedFrom = filter.movedFrom;
  const title = [
    current?.name ?? requested ?? "every segment",
    ...(filter.province ? [`province ${filter.province}`] : []),
    ...(filter.city ? [`city ${filter.city}`] : []),
  ].join(", ");

  return (
    <>
      <PageHeader
        title="Audiences"
        description="A segment plus filters, in the current scoring run under the published mapping: the count shown is the count exported. Save it to re-pull it next week."
      />
      {fetching && !data && <Loading label="Loading the segments…" />}
      {error && !data && (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      )}
      {data && segments.length === 0 && (
        <EmptyState>No segments yet: publish a mapping and run a scoring first.</EmptyState>
      )}
      {data && segments.length > 0 && (
        <div className="space-y-6">
          {requested && !current && (
            <p role="alert" className="text-sm text-red-900">
              There is no segment with key or name “{requested}”.
            </p>
          )}
          {unreadable.length > 0 && (
            <p role="alert" className="text-sm text-red-900">
              These parameters could not be read and are left out: {unreadable.join(", ")}.
            </p>
          )}
          {movedFrom && (
            <div
              className="flex flex-wrap items-center gap-3 rounded border border-blue-200 bg-blue-50 p-3 text-sm"
              data-testid="moved-from"
            >
              <p>
                <strong>
                  {find(movedFrom.segment)?.name ?? movedFrom.segment} → {current?.name ?? requested} since
                  run {movedFrom.run}
                </strong>
                {filter.run ? ` (run ${filter.run})` : " (current run)"}
              </p>
              <Button
                size="sm"
                variant="secondary"
                onClick={() => {
                  const next = new URLSearchParams(params);
                  next.delete("movedFrom");
                  next.delete("movedFromRun");
                  apply(next);
                }}
              >
                Show the whole segment
              </Button>
            </div>
          )}
          {current && (
            <p className="text-sm text-slate-700">
              {current.name}: {formatInt(current.customerCount)} customers,{" "}
              {formatShare(current.customerShare)} of the scored customers in the current run.
            </p>
          )}
          <AudienceFilters
            key={params.toString()}
            params={current ? withSegment(params, current.key) : params}
            segments={segments}
            bins={data.mapping.bins}
            onApply={apply}
          />
          <AudienceTable
            filter={filter}
            title={title}
            onCount={(value) => setCount({ key: filterKey, value })}
            onReady={<PageReady page="audiences" />}
          />
          <div className="grid gap-6 xl:grid-cols-2">
            <ExportPanel
              filter={filter}
              title={title}
              count={count?.key === filterKey ? count.value : null}
              columns={data.exportColumns}
              canExport={session.canEdit}
            />
            <SavedAudiences
              filter={filter}
              canEdit={session.canEdit}
              onOpen={(name, parameters) => {
                const next = new URLSearchParams(parameters);
                next.set("audience", name);
                apply(next);
              }}
            />
          </div>
          <ExportHistory />
        </div>
      )}
    </>
  );
}

function withSegment(params: URLSearchParams, key: string): URLSearchParams {
  const next = new URLSearchParams(params);
  next.set("segment", key);
  return next;
}
