import { RfmError } from "../errors";
import { type BgNbdFit, fitBgNbd } from "./bgnbd";
import { fitGammaGamma, type GammaGammaFit } from "./gamma-gamma";
import { historicClv } from "./historic";
import { predictClv } from "./predict";
import { toLifetimesSummary } from "./summary";

/** Iteration cap of each model fit inside {@link estimateClv}. */
export const MAX_FIT_ITERATIONS = 1000;

export interface EstimateClvOptions {
  /** Per-customer columns as the aggregator produces them. */
  readonly firstPurchase: Float64Array;
  readonly lastPurchase: Float64Array;
  readonly frequency: Float64Array;
  /** Net spend in the window, currency units. */
  readonly monetary: Float64Array;
  /** The scoring instant, epoch ms (first instant after the last day counted). */
  readonly asOf: number;
  /** The store's time zone: the model's recency and T count its calendar days (default `UTC`). */
  readonly timeZone?: string | undefined;
  /** How far ahead the value is estimated, in days (default 365). */
  readonly horizonDays?: number;
  /** `model` (default): BG/NBD + Gamma-Gamma, falling back to `historic` when it cannot be fitted. */
  readonly method?: "model" | "historic";
}

export interface ClvEstimate {
  /** CLV per customer, currency units over the horizon, aligned with the inputs. */
  readonly clv: Float64Array;
  readonly method: "model" | "historic";
  readonly horizonDays: number;
  /** The fitted models, when `method` is `model`. */
  readonly bgnbd: BgNbdFit | null;
  readonly gammaGamma: GammaGammaFit | null;
  /** Why the model was not used, when it was asked for and could not be fitted. */
  readonly fallbackReason: string | null;
}

/**
 * Customer lifetime value for every scored customer, the way the product reports it: the
 * probabilistic model (BG/NBD for the number of future purchases, Gamma-Gamma for their value,
 * fitted on the same customers, weekly time unit; see docs/clv.md) when the data allow it,
 * otherwise the historic run-rate estimate, with the reason recorded. Never throws for
 * thin data: a marketer always gets a figure and knows which estimate it is.
 */
export function estimateClv(options: EstimateClvOptions): ClvEstimate {
  const horizonDays = options.horizonDays ?? 365;
  const historic = (fallbackReason: string | null): ClvEstimate => ({
    clv: historicClv({
      monetaryTotal: options.monetary,
      firstPurchase: options.firstPurchase,
      asOf: options.asOf,
      horizonDays,
    }),
    method: "historic",
    horizonDays,
    bgnbd: null,
    gammaGamma: null,
    fallbackReason,
  });
  if (options.method === "historic") return historic(null);
  const unitDays = 7;
  try {
    const summary = toLifetimesSummary({
      firstPurchase: options.firstPurchase,
      lastPurchase: options.lastPurchase,
      purchases: options.frequency,
      monetaryTotal: options.monetary,
      asOf: options.asOf,
      timeZone: options.timeZone,
      unitDays,
    });
    // Real purchase data converges in a few hundred iterations; data with no sign of dropout
    // drives a and b towards infinity and never converges, so cap the search and fall back
    // rather than spend minutes on millions of customers. A fit at its cap still costs seconds
    // on a large sample, so the spend model is not fitted when the purchase model already failed
    // (the estimate falls back either way).
    const bgnbd = fitBgNbd({ ...summary, maxIterations: MAX_FIT_ITERATIONS });
    if (!bgnbd.converged) {
      return historic(
        `the BG/NBD fit did not converge in ${MAX_FIT_ITERATIONS} iterations (typical when the purchases show no sign of customers dropping out)`,
      );
    }
    const gammaGamma = fitGammaGamma({ ...summary, maxIterations: MAX_FIT_ITERATIONS });
    if (!gammaGamma.converged) {
      return historic(`the Gamma-Gamma fit did not converge in ${MAX_FIT_ITERATIONS} iterations`);
    }
    if (gammaGamma.q <= 1) return historic("the Gamma-Gamma fit has q <= 1, so expected spend is undefined");
    const clv = predictClv({ bgnbd, gammaGamma, ...summary, horizon: horizonDays / unitDays });
    return { clv, method: "model", horizonDays, bgnbd, gammaGamma, fallbackReason: null };
  } catch (error) {
    if (
      error instanceof RfmError &&
      (error.code === "CLV_INSUFFICIENT_DATA" || error.code === "CLV_INVALID_INPUT")
    ) {
      return historic(error.message);
    }
    throw error;
  }
}
