"use client";

import { useQuery } from "urql";
import { graphql } from "../../graphql/generated";
import type { Dimension } from "../../graphql/generated/graphql";
import { formatInt } from "../../lib/format";
import { ErrorState, Loading } from "../ui/states";

/** One dimension's ranges in words, as the API gives them (the scoring page's preview reuses it). */
export const ThresholdBandFields = graphql(`
  fragment ThresholdBandFields on DimensionThresholds {
    dimension
    method
    bounds
    bands {
      score
      label
      text
      reachable
      customers
    }
  }
`);

const CurrentThresholdsQuery = graphql(`
  query CurrentThresholds {
    overview {
      run {
        id
        asOfDay
        thresholds {
          recency {
            ...ThresholdBandFields
          }
          frequency {
            ...ThresholdBandFields
          }
          monetary {
            ...ThresholdBandFields
          }
        }
      }
    }
  }
`);

export interface DimensionWords {
  readonly dimension: Dimension;
  readonly method: string;
  readonly bands: readonly {
    readonly score: number;
    readonly label: string;
    readonly text: string;
    readonly reachable: boolean;
    readonly customers: number | null;
  }[];
}

const TITLE: Record<Dimension, string> = { RECENCY: "Recency", FREQUENCY: "Frequency", MONETARY: "Monetary" };

/** A dimension's scores in words, best first: "R4: last order 0-30 days ago (1,204)". */
export function DimensionWordsList({ words }: { words: DimensionWords }) {
  return (
    <div data-testid={`threshold-words-${words.dimension.toLowerCase()}`}>
      <h3 className="text-sm font-semibold text-slate-900">
        {TITLE[words.dimension]}{" "}
        <span className="font-normal text-slate-600">
          ({words.method === "QUANTILE" ? "quantiles" : "fixed"})
        </span>
      </h3>
      <ul className="mt-1 space-y-0.5 text-sm">
        {[...words.bands].reverse().map((band) => (
          <li
            key={band.score}
            data-score={band.label}
            className={`flex justify-between gap-3 ${band.reachable ? "text-slate-800" : "text-slate-500"}`}
          >
            <span>{band.text}</span>
            {band.customers !== null && (
              <span className="tabular-nums text-slate-600" data-customers={band.customers}>
                {formatInt(band.customers)}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The current run's cut points in words beside an R/F/M grid: what each score means, and how
 * many customers hold it.
 */
export function ThresholdWords({ layout = "columns" }: { layout?: "columns" | "stack" }) {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: CurrentThresholdsQuery });
  const run = data?.overview.run;
  if (fetching && !data) return <Loading label="Loading the cut points…" />;
  if (error && !data)
    return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
  if (!run?.thresholds) return null;
  const { recency, frequency, monetary } = run.thresholds;
  return (
    <section
      aria-label="What each score means"
      data-testid="threshold-words"
      data-run={run.id}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 className="text-base font-semibold text-slate-900">What each score means</h2>
      <p className="mt-0.5 text-sm text-slate-600">
        Cut points of run {run.id} (as of {run.asOfDay}), with its customers per score.
      </p>
      <div className={`mt-3 grid gap-4 ${layout === "columns" ? "md:grid-cols-3" : ""}`}>
        {[recency, frequency, monetary].map((words) => (
          <DimensionWordsList key={words.dimension} words={words} />
        ))}
      </div>
    </section>
  );
}
