/**
 * The audience of one move between two runs: the customers in segment `toKey` in run `toRunId`
 * who were in segment `fromKey` in run `fromRunId`, as the Audiences page reads it from its URL
 * (`segment`, `run`, `movedFrom`, `movedFromRun`; the API's `CustomerFilter { run, movedFrom }`).
 */
export function moveAudienceHref(move: {
  readonly fromKey: string;
  readonly fromRunId: number;
  readonly toKey: string;
  readonly toRunId: number;
}): string {
  const params = new URLSearchParams({
    segment: move.toKey,
    run: String(move.toRunId),
    movedFrom: move.fromKey,
    movedFromRun: String(move.fromRunId),
  });
  return `/audiences?${params.toString()}`;
}

/** A run as the movement pickers list it: complete, with its as-of day. */
export interface PickableRun {
  readonly id: number;
  readonly asOf: string;
  readonly asOfDay: string;
}

/**
 * Why a pair of runs cannot be compared, in the page's words, or null when it can: the same run
 * twice, or a "to" run as of an earlier day than the "from" run (movement reads forward in time;
 * runs as of the same day compare either way). The API refuses the same pairs.
 */
export function movementPairProblem(from: PickableRun, to: PickableRun): string | null {
  if (from.id === to.id) return `Both pickers name run ${from.id}: pick two different runs to compare.`;
  if (Date.parse(to.asOf) < Date.parse(from.asOf)) {
    return `The "to" run ${to.id} is as of ${to.asOfDay}, before the "from" run ${from.id} (as of ${from.asOfDay}): movement reads forward in time. Swap the runs or pick a later "to" run.`;
  }
  return null;
}

/** Complete runs for the pickers, the latest as-of first (ties: the higher run number first). */
export function runsForPicking<T extends PickableRun & { readonly status: string }>(runs: readonly T[]): T[] {
  return runs
    .filter((r) => r.status === "COMPLETE")
    .sort((a, b) => Date.parse(b.asOf) - Date.parse(a.asOf) || b.id - a.id);
}
