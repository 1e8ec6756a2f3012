export {
  type BgNbdExpectedPurchasesOptions,
  type BgNbdFit,
  type BgNbdLogLikelihoodOptions,
  type BgNbdParams,
  type BgNbdProbabilityAliveOptions,
  bgnbdExpectedPurchases,
  bgnbdLogLikelihood,
  bgnbdProbabilityAlive,
  type FitBgNbdOptions,
  fitBgNbd,
  type RecencyFrequencyColumns,
} from "./bgnbd";
export { type ClvEstimate, type EstimateClvOptions, estimateClv } from "./estimate";
export {
  type FitGammaGammaOptions,
  fitGammaGamma,
  type GammaGammaColumns,
  type GammaGammaExpectedSpendOptions,
  type GammaGammaFit,
  type GammaGammaLogLikelihoodOptions,
  type GammaGammaParams,
  gammaGammaExpectedSpend,
  gammaGammaLogLikelihood,
  MIN_GAMMA_GAMMA_CUSTOMERS,
} from "./gamma-gamma";
export { DEFAULT_MIN_TENURE_DAYS, type HistoricClvOptions, historicClv } from "./historic";
export { type PredictClvOptions, predictClv } from "./predict";
export { type LifetimesSummary, type ToLifetimesSummaryOptions, toLifetimesSummary } from "./summary";
export type { ClvInputProblem } from "./validate";
