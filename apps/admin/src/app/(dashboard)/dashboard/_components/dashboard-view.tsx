"use client";

import Link from "next/link";
import { useQuery } from "urql";
import { ThresholdWords } from "../../../../components/thresholds/threshold-words";
import { PageHeader } from "../../../../components/ui/page-header";
import { PageReady } from "../../../../components/ui/page-ready";
import { EmptyState, ErrorState, Loading } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { formatInt, formatMoneyOf } from "../../../../lib/format";
import { AreaSalesCharts } from "./area-sales";
import { DailyChart } from "./daily-chart";
import { DashboardMovement } from "./movement-matrix";
import { RfHeatmap } from "./rf-heatmap";
import { SegmentCharts } from "./segment-charts";
import { SegmentSizeHistory } from "./segment-size-history";

const DashboardHeadlineQuery = graphql(`
  query DashboardHeadline {
    overview {
      customersScored
      revenue {
        amount
        currencyCode
      }
      customersStored
      transactionsStored
      mappingVersion
      run {
        id
        asOfDay
        timeZone
        bins
        windowFrom
        windowTo
        clvMethod
      }
    }
    segments {
      name
      color
      position
      customerCount
      customerShare
      revenue {
        amount
      }
      revenueShare
      avgClv {
        amount
      }
    }
  }
`);

export function DashboardView() {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: DashboardHeadlineQuery });
  // Money comes as decimal strings; the charts plot numbers.
  const segments = (data?.segments ?? []).map((s) => ({
    ...s,
    revenue: Number(s.revenue.amount),
    avgClv: s.avgClv ? Number(s.avgClv.amount) : null,
  }));
  const retry = () => reexecute({ requestPolicy: "network-only" });

  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Where customers stand in the current scoring run, under the published segment mapping."
      />
      {fetching && !data && <Loading label="Loading the headline figures…" />}
      {error && !data && <ErrorState error={error} onRetry={retry} />}
      {data && !data.overview.run && (
        <EmptyState>
          No scoring run yet, so there are no segments to show.{" "}
          <Link className="underline" href="/scoring">
            Start a scoring run
          </Link>{" "}
          once transactions are imported.
        </EmptyState>
      )}
      {data?.overview.run && (
        <div className="space-y-6">
          <PageReady page="dashboard" />
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-5">
            <Figure
              label="Customers scored"
              value={formatInt(data.overview.customersScored)}
              raw={data.overview.customersScored}
              testId="customers-scored"
            />
            <Figure
              label="Revenue in the window"
              value={formatMoneyOf(data.overview.revenue)}
              raw={data.overview.revenue.amount}
              testId="revenue"
            />
            <Figure
              label="As of"
              value={data.overview.run.asOfDay}
              detail={`last day counted, ${data.overview.run.timeZone}`}
              raw={data.overview.run.asOfDay}
              testId="as-of"
            />
            <Figure
              label="Mapping version"
              value={`v${data.overview.mappingVersion}`}
              raw={data.overview.mappingVersion}
              testId="mapping-version"
            />
            <Figure
              label="Stored"
              value={`${formatInt(data.overview.customersStored)} customers`}
              detail={`${formatInt(data.overview.transactionsStored)} transactions`}
              raw={data.overview.customersStored}
              testId="customers-stored"
            />
          </dl>
          <SegmentCharts segments={segments} />
          <SegmentSizeHistory />
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-5">
            <div className="space-y-6 xl:col-span-2">
              <RfHeatmap bins={data.overview.run.bins} />
              <ThresholdWords layout="stack" />
            </div>
            <div className="min-w-0 xl:col-span-3">
              <DashboardMovement />
            </div>
          </div>
          <DailyChart />
          <AreaSalesCharts />
        </div>
      )}
    </>
  );
}

function Figure({
  label,
  value,
  detail,
  raw,
  testId,
}: {
  label: string;
  value: string;
  detail?: string;
  raw: string | number;
  testId: string;
}) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
      <dd
        className="mt-1 text-xl font-semibold text-slate-900"
        data-testid={`headline-${testId}`}
        data-value={raw}
      >
        {value}
      </dd>
      {detail && <dd className="text-xs text-slate-600">{detail}</dd>}
    </div>
  );
}
