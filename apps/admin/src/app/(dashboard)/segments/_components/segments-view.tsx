"use client";

import Link from "next/link";
import { useQuery } from "urql";
import { PageHeader } from "../../../../components/ui/page-header";
import { PageReady } from "../../../../components/ui/page-ready";
import { ReadOnlyNotice } from "../../../../components/ui/read-only";
import { EmptyState, ErrorState, Loading } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { editBlockedReason, useSession } from "../../_components/session";
import { CreateSegmentForm } from "./create-segment-form";
import { SegmentCard } from "./segment-card";

const SegmentsPageQuery = graphql(`
  query SegmentsPage {
    mapping {
      version
      segments {
        ...SegmentDefinitionFields
      }
    }
    mappingDraft {
      version
      basedOn
      segments {
        ...SegmentDefinitionFields
      }
    }
    segments {
      key
      customerCount
      customerShare
      revenue {
        amount
      }
      revenueShare
      avgRecencyDays
      avgFrequency
      avgMonetary {
        amount
      }
      avgClv {
        amount
      }
      currencyCode
    }
  }
`);

/**
 * Segments of the mapping being edited (the shared draft, or the published mapping until the
 * first change), with the published figures beside them. Every change here lands in the draft
 * and takes effect when the draft is published from the mapping editor.
 */
export function SegmentsView() {
  const session = useSession();
  const blocked = editBlockedReason(session, "change segments");
  const [{ data, fetching, error }, reexecute] = useQuery({ query: SegmentsPageQuery });
  const draft = data?.mappingDraft ?? null;
  const segments = [...((draft ?? data?.mapping)?.segments ?? [])].sort((a, b) => a.position - b.position);
  // Figures by key: a segment renamed in the draft keeps its published figures.
  const figures = new Map(
    data?.segments.map((s) => [
      s.key,
      {
        ...s,
        revenue: Number(s.revenue.amount),
        avgMonetary: Number(s.avgMonetary.amount),
        avgClv: s.avgClv === null || s.avgClv === undefined ? null : Number(s.avgClv.amount),
      },
    ]) ?? [],
  );

  return (
    <>
      <PageHeader
        title="Segments"
        description="Name, describe and color each segment, set its recommended action, order them, add and remove segments."
      />
      {fetching && !data && <Loading label="Loading the segments…" />}
      {error && !data && (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      )}
      {data && (
        <div className="space-y-4">
          <PageReady page="segments" />
          {blocked && <ReadOnlyNotice>{blocked}</ReadOnlyNotice>}
          <p className="text-sm text-slate-700" data-testid="segments-status">
            {draft ? (
              <>
                You are editing the shared draft. Changes take effect when it is published from the{" "}
                <Link className="text-blue-800 underline" href="/mapping">
                  mapping editor
                </Link>
                .
              </>
            ) : (
              <>
                Showing the published mapping v{data.mapping.version}. A change starts a shared draft,
                published from the{" "}
                <Link className="text-blue-800 underline" href="/mapping">
                  mapping editor
                </Link>
                . Figures are those of the published mapping.
              </>
            )}
          </p>
          {segments.length === 0 && <EmptyState>No segments yet: add the first one below.</EmptyState>}
          <ol className="space-y-3">
            {segments.map((segment, index) => (
              <li key={segment.name}>
                <SegmentCard
                  segment={segment}
                  figures={figures.get(segment.key)}
                  others={segments.filter((s) => s.name !== segment.name).map((s) => s.name)}
                  isFirst={index === 0}
                  isLast={index === segments.length - 1}
                  blockedReason={blocked}
                />
              </li>
            ))}
          </ol>
          <CreateSegmentForm blockedReason={blocked} />
        </div>
      )}
    </>
  );
}
