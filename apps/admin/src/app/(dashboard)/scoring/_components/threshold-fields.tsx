"use client";

import { useState } from "react";
import { type CombinedError, useClient } from "urql";
import { type DimensionWords, DimensionWordsList } from "../../../../components/thresholds/threshold-words";
import { Button } from "../../../../components/ui/button";
import { Field, TextInput } from "../../../../components/ui/form";
import { ErrorState } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import type { ThresholdsInput } from "../../../../graphql/generated/graphql";
import { formatInt } from "../../../../lib/format";
import { MONETARY_BASIS_LABEL } from "../../../../lib/scoring-labels";

const ThresholdPreviewQuery = graphql(`
  query ThresholdPreview($input: ThresholdPreviewInput!) {
    thresholdPreview(input: $input) {
      runId
      asOfDay
      monetaryBasis
      customers
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
`);

export const DIMENSIONS = ["recency", "frequency", "monetary"] as const;
export type DimensionName = (typeof DIMENSIONS)[number];

export interface DimensionSetting {
  readonly mode: "quantile" | "fixed";
  /** Bounds as typed: comma-separated days, orders or amounts. */
  readonly text: string;
}
export type ThresholdSettings = Readonly<Record<DimensionName, DimensionSetting>>;

export const QUANTILE_EVERYWHERE: ThresholdSettings = {
  recency: { mode: "quantile", text: "" },
  frequency: { mode: "quantile", text: "" },
  monetary: { mode: "quantile", text: "" },
};

const LABEL: Record<DimensionName, string> = {
  recency: "Recency",
  frequency: "Frequency",
  monetary: "Monetary",
};
const HINT: Record<DimensionName, (bins: number) => string> = {
  recency: (bins) =>
    `${bins - 1} day counts, increasing: the most days of R${bins}, R${bins - 1}, ... (30, 90, 180)`,
  frequency: (bins) => `${bins - 1} order counts, increasing: the first orders of F2 ... F${bins} (2, 3, 6)`,
  monetary: (bins) =>
    `${bins - 1} amounts, increasing: the first amounts of M2 ... M${bins} (100, 500, 1000)`,
};

/**
 * The fixed thresholds of the settings as the API takes them (money in cents), or why not. The
 * server checks count and order, naming the dimension; here only what cannot be sent.
 */
export function thresholdsInput(settings: ThresholdSettings): {
  input: ThresholdsInput | null;
  problem: string | null;
} {
  const input: ThresholdsInput = {};
  for (const dimension of DIMENSIONS) {
    const setting = settings[dimension];
    if (setting.mode !== "fixed") continue;
    const parts = setting.text.split(",").map((p) => p.trim().replace(/_/g, ""));
    if (parts.some((p) => p === "" || !Number.isFinite(Number(p)))) {
      return {
        input: null,
        problem: `${LABEL[dimension]}: give numbers separated by commas, such as ${dimension === "monetary" ? "100, 500, 1000" : "30, 90, 180"}.`,
      };
    }
    const numbers = parts.map(Number);
    if (dimension === "monetary") {
      // Whole cents when the amount has at most two decimals; anything else goes as is and the API says why.
      input.monetaryCents = numbers.map((n) =>
        Math.abs(n * 100 - Math.round(n * 100)) < 1e-6 ? Math.round(n * 100) : n * 100,
      );
    } else if (numbers.some((n) => !Number.isInteger(n))) {
      return {
        input: null,
        problem: `${LABEL[dimension]}: whole ${dimension === "recency" ? "days" : "orders"} only.`,
      };
    } else {
      input[dimension] = numbers;
    }
  }
  return { input: Object.keys(input).length > 0 ? input : null, problem: null };
}

/** Per dimension: quantile or fixed bounds, and a preview of the bin sizes the fixed bounds give. */
export function ThresholdFields({
  bins,
  settings,
  onChange,
  disabled,
}: {
  bins: number;
  settings: ThresholdSettings;
  onChange: (settings: ThresholdSettings) => void;
  disabled: boolean;
}) {
  const client = useClient();
  const [preview, setPreview] = useState<{
    /** The bins it was counted for: a preview for other bins is not shown. */
    bins: number;
    runId: number;
    asOfDay: string;
    monetaryBasis: string;
    customers: number;
    dimensions: DimensionWords[];
  } | null>(null);
  const [previewError, setPreviewError] = useState<CombinedError | null>(null);
  const [loading, setLoading] = useState(false);
  const { input, problem } = thresholdsInput(settings);
  const set = (dimension: DimensionName, change: Partial<DimensionSetting>) => {
    setPreview(null);
    onChange({ ...settings, [dimension]: { ...settings[dimension], ...change } });
  };

  const runPreview = async () => {
    if (!input) return;
    setLoading(true);
    const result = await client
      .query(ThresholdPreviewQuery, { input: { bins, thresholds: input } }, { requestPolicy: "network-only" })
      .toPromise();
    setLoading(false);
    setPreviewError(result.error ?? null);
    const p = result.data?.thresholdPreview;
    setPreview(
      p
        ? {
            bins,
            runId: p.runId,
            asOfDay: p.asOfDay,
            monetaryBasis: MONETARY_BASIS_LABEL[p.monetaryBasis],
            customers: p.customers,
            dimensions: [p.recency, p.frequency, p.monetary].filter(
              (d): d is NonNullable<typeof d> => d !== null,
            ),
          }
        : null,
    );
  };

  return (
    <fieldset className="mt-4 w-full" data-testid="threshold-fields">
      <legend className="text-sm font-medium text-slate-700">Thresholds</legend>
      <div className="mt-1 grid gap-3 md:grid-cols-3">
        {DIMENSIONS.map((dimension) => {
          const setting = settings[dimension];
          return (
            <div
              key={dimension}
              className="rounded border border-slate-200 p-2 text-sm"
              data-dimension={dimension}
            >
              <div className="flex items-center gap-3">
                <span className="font-medium">{LABEL[dimension]}</span>
                {(["quantile", "fixed"] as const).map((mode) => (
                  <label key={mode} className="flex items-center gap-1">
                    <input
                      type="radio"
                      name={`threshold-mode-${dimension}`}
                      value={mode}
                      checked={setting.mode === mode}
                      onChange={() => set(dimension, { mode })}
                      disabled={disabled}
                    />
                    {mode}
                  </label>
                ))}
              </div>
              {setting.mode === "fixed" && (
                <Field label={`${LABEL[dimension]} bounds`} hint={HINT[dimension](bins)} className="mt-2">
                  <TextInput
                    name={`bounds-${dimension}`}
                    value={setting.text}
                    placeholder={
                      dimension === "monetary"
                        ? "100, 500, 1000"
                        : dimension === "recency"
                          ? "30, 90, 180"
                          : "2, 3, 6"
                    }
                    onChange={(event) => set(dimension, { text: event.target.value })}
                    disabled={disabled}
                  />
                </Field>
              )}
            </div>
          );
        })}
      </div>
      {problem && (
        <p role="alert" className="mt-2 text-sm text-red-900">
          {problem}
        </p>
      )}
      {input && (
        <div className="mt-3">
          <Button variant="secondary" size="sm" onClick={runPreview} disabled={loading || problem !== null}>
            {loading ? "Counting…" : "Preview the bin sizes"}
          </Button>
        </div>
      )}
      {previewError && (
        <div className="mt-2">
          <ErrorState error={previewError} />
        </div>
      )}
      {preview && preview.bins === bins && (
        <div
          className="mt-3 rounded border border-slate-200 bg-slate-50 p-3"
          data-testid="threshold-preview"
          data-run={preview.runId}
        >
          <p className="text-sm text-slate-700">
            Based on run {preview.runId} (as of {preview.asOfDay}, monetary {preview.monetaryBasis}):{" "}
            {formatInt(preview.customers)} customers. A run over the same orders and day gives these sizes.
          </p>
          <div className="mt-2 grid gap-4 md:grid-cols-3">
            {preview.dimensions.map((words) => (
              <DimensionWordsList key={words.dimension} words={words} />
            ))}
          </div>
        </div>
      )}
    </fieldset>
  );
}
