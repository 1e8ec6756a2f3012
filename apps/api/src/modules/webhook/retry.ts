/**
 * When a failed delivery is tried again: exponential backoff with full jitter (AWS's
 * "Exponential Backoff And Jitter"): the n-th retry waits a uniformly random time between
 * MIN_DELAY_MS and min(CAP_MS, BASE_MS * 2^(n-1)), so receivers coming back up are not hit by
 * every sender at the same instant. Retries stop RETRY_WINDOW_MS after the first attempt.
 */
export const BASE_MS = 30_000;
export const CAP_MS = 3_600_000;
export const MIN_DELAY_MS = 1_000;
export const RETRY_WINDOW_MS = 24 * 3_600_000;

/** The upper bound of the wait after the `failures`-th failed attempt (1 = the first). */
export function backoffCeiling(failures: number): number {
  return Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, Math.min(failures - 1, 30)));
}

/** The wait after the `failures`-th failed attempt; `random` in [0, 1) (Math.random). */
export function retryDelay(failures: number, random: () => number = Math.random): number {
  const ceiling = backoffCeiling(failures);
  return Math.max(MIN_DELAY_MS, Math.floor(random() * ceiling));
}

/**
 * When the next attempt is due, or null when retries are exhausted: the delivery is then failed.
 * An attempt due after the retry window is not made.
 */
export function nextAttemptAt(options: {
  readonly failures: number;
  readonly firstAttemptAt: number;
  readonly now: number;
  readonly random?: () => number;
}): number | null {
  const next = options.now + retryDelay(options.failures, options.random);
  return next - options.firstAttemptAt > RETRY_WINDOW_MS ? null : next;
}
