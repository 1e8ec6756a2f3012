/**
 * A scoring profile's settings: what a run of the profile scores and how. One shape, checked
 * here once (the API's input, the CLI's options and what is read back from the database all go
 * through {@link parseSettings}), and turned into `runScoring` options by {@link scoringOptionsOf}.
 *
 * - `bins` 2-9: always the bins of the profile's published mapping (profile.repository.ts
 *   refuses a change that would break that).
 * - `windowDays`: only orders of the last N days up to the as-of date; null: every order.
 * - `channels`: the transaction channels counted (`["online"]`); null: every channel.
 * - `monetaryBasis`: net spend (`total`) or net spend per order (`mean-order`).
 * - `methods`: per dimension, `quantile` or fixed `thresholds` with `bins - 1` bounds.
 * - `clv`: `model`, `historic` or `none`.
 * - `currency`: the ISO 4217 code of the amounts scored; null: the store's one currency.
 */
import {
  assertBins,
  type Bins,
  DEFAULT_BINS,
  DIMENSIONS,
  type Dimension,
  type DimensionMethod,
  type MonetaryBasis,
} from "@rfm/core";
import { z } from "zod";
import { AppError } from "../../app-error";
import type { ClvMethod, RunScoringOptions } from "../scoring/scoring.service";

export interface ProfileSettings {
  readonly bins: Bins;
  readonly windowDays: number | null;
  readonly channels: readonly string[] | null;
  readonly monetaryBasis: MonetaryBasis;
  readonly methods: Readonly<Record<Dimension, DimensionMethod>>;
  readonly clv: ClvMethod;
  readonly currency: string | null;
  /** Convert orders in other currencies into `currency` at imported rates (else they are left out). */
  readonly convert: boolean;
}

const QUANTILE: DimensionMethod = { kind: "quantile" };

/** Today's behaviour: every order, every channel, quantiles, net spend, the CLV model. */
export const DEFAULT_SETTINGS: ProfileSettings = Object.freeze({
  bins: DEFAULT_BINS,
  windowDays: null,
  channels: null,
  monetaryBasis: "total",
  methods: Object.freeze({ recency: QUANTILE, frequency: QUANTILE, monetary: QUANTILE }),
  clv: "model",
  currency: null,
  convert: false,
});

const method = z.union([
  z.object({ kind: z.literal("quantile") }).strict(),
  z
    .object({
      kind: z.literal("thresholds"),
      bounds: z.array(z.number().finite()).min(1).max(8),
    })
    .strict(),
]);

const schema = z
  .object({
    bins: z.number().int().min(2).max(9),
    windowDays: z.number().int().min(1).max(36_500).nullable(),
    channels: z
      .array(z.string().trim().min(1).max(64))
      .min(1, { message: "name at least one channel, or null for every channel" })
      .max(50)
      .nullable(),
    monetaryBasis: z.enum(["total", "mean-order"]),
    methods: z
      .object({ recency: method.optional(), frequency: method.optional(), monetary: method.optional() })
      .strict(),
    clv: z.enum(["model", "historic", "none"]),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, { message: "must be an ISO 4217 code such as EUR" })
      .nullable(),
    convert: z.boolean(),
  })
  .strict();

/** Settings as a caller may write them: every field optional, filled from `base`. */
export type SettingsInput = Partial<{
  bins: number;
  windowDays: number | null;
  channels: readonly string[] | null;
  monetaryBasis: string;
  methods: Partial<Record<Dimension, DimensionMethod>>;
  clv: string;
  currency: string | null;
  convert: boolean;
}>;

/**
 * Checks settings (fields missing from `input` come from `base`): BAD_USER_INPUT naming the
 * field (`settings.channels`, `settings.methods.recency.bounds`...) when one is wrong.
 */
export function parseSettings(input: unknown, base: ProfileSettings = DEFAULT_SETTINGS): ProfileSettings {
  const given = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
  const merged = {
    ...base,
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
    methods: { ...base.methods, ...((given.methods as object | undefined) ?? {}) },
  };
  if (typeof merged.currency === "string") merged.currency = merged.currency.toUpperCase();
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ["settings", ...issue.path.map(String)].join(".");
    throw new AppError("BAD_USER_INPUT", `${field}: ${issue.message}`, { field });
  }
  const value = parsed.data;
  const bins = assertBins(value.bins);
  const methods = Object.fromEntries(DIMENSIONS.map((d) => [d, value.methods[d] ?? QUANTILE])) as Record<
    Dimension,
    DimensionMethod
  >;
  for (const d of DIMENSIONS) {
    const m = methods[d];
    if (m.kind !== "thresholds") continue;
    const field = `settings.methods.${d}.bounds`;
    if (m.bounds.length !== bins - 1) {
      throw new AppError(
        "BAD_USER_INPUT",
        `${field}: ${bins} bins need ${bins - 1} bounds, got ${m.bounds.length}`,
        { field },
      );
    }
    // The schema above parses a profile's bounds as numbers (no null: that is only a run's own report).
    const bounds = m.bounds as readonly number[];
    if (bounds.some((b, i) => i > 0 && b <= bounds[i - 1]!)) {
      throw new AppError("BAD_USER_INPUT", `${field}: bounds must be strictly increasing`, { field });
    }
  }
  if (value.convert && value.currency === null) {
    throw new AppError("BAD_USER_INPUT", "settings.convert: converting needs a currency to convert into", {
      field: "settings.convert",
    });
  }
  const channels = value.channels === null ? null : [...new Set(value.channels)];
  return {
    bins,
    windowDays: value.windowDays,
    channels,
    monetaryBasis: value.monetaryBasis,
    methods,
    clv: value.clv,
    currency: value.currency,
    convert: value.convert,
  };
}

/** The `runScoring` options a profile's settings give (the caller adds db, as-of, profileId...). */
export function scoringOptionsOf(
  settings: ProfileSettings,
): Pick<
  RunScoringOptions,
  "bins" | "window" | "methods" | "monetaryBasis" | "clv" | "channels" | "currency" | "convert"
> {
  return {
    bins: settings.bins,
    ...(settings.windowDays === null ? {} : { window: { days: settings.windowDays } }),
    methods: settings.methods,
    monetaryBasis: settings.monetaryBasis,
    clv: settings.clv,
    ...(settings.channels === null ? {} : { channels: settings.channels }),
    ...(settings.currency === null ? {} : { currency: settings.currency }),
    ...(settings.convert ? { convert: true } : {}),
  };
}
