/**
 * What every query answers from, per scoring profile: the profile's current scoring run (the
 * complete one with the latest as-of: scoring.repository's CURRENT_RUN_ORDER) and its published mapping, parsed once and shared by requests. One small query says which run
 * and mapping are current for the profile (another process, such as `rfm score`, may have
 * changed them); its answer is trusted for 250 ms, and the parsed pair is reused while it is
 * unchanged, so a segment page neither re-reads a run's histogram nor re-compiles a mapping per
 * request. Changes made through this server (publish, rollback, runs, imports) invalidate it at
 * once.
 *
 * A profile's current run is its latest complete run with the bins of its published mapping:
 * after a profile changed bins (and published the preset of the new bins), its older runs stay
 * in the history but no page reads them under a mapping of other bins.
 */
import type { Database } from "../../db/client";
import { getPublishedMapping, type PublishedMapping } from "../mapping/mapping.repository";
import { DEFAULT_PROFILE_ID } from "../profile/profile.repository";
import { CURRENT_RUN_ORDER_SQL } from "../scoring/scoring.repository";
import { getRun, type ScoringRun } from "../scoring/scoring.service";

export interface CurrentView {
  /** The profile's current run; null before its first complete run. */
  readonly run: ScoringRun | null;
  readonly mapping: PublishedMapping;
}

/** How long a check of which run and mapping are current is trusted (another process's change shows within it). */
const CHECK_MS = 250;

interface ProfileState {
  cached: { key: string; view: CurrentView } | null;
  checked: { at: number; key: Promise<string> } | null;
}

export class CurrentState {
  private readonly profiles = new Map<number, ProfileState>();

  constructor(private readonly db: Database) {}

  private stateOf(profileId: number): ProfileState {
    let state = this.profiles.get(profileId);
    if (!state) {
      state = { cached: null, checked: null };
      this.profiles.set(profileId, state);
    }
    return state;
  }

  private key(profileId: number): Promise<string> {
    const state = this.stateOf(profileId);
    const now = Date.now();
    if (state.checked && now - state.checked.at < CHECK_MS) return state.checked.key;
    const key = this.readKey(profileId);
    state.checked = { at: now, key };
    key.catch(() => {
      if (state.checked?.key === key) state.checked = null;
    });
    return key;
  }

  private async readKey(profileId: number): Promise<string> {
    const [row] = await this.db.reads.query<{ runId: number | null; mappingId: number | null }>(
      `SELECT
         (SELECT r.id FROM scoring_runs r
           WHERE r.profile_id = $1 AND r.status = 'complete'
             AND r.bins = (SELECT m.bins FROM mapping_versions m
                            WHERE m.profile_id = $1 AND m.status = 'published' ORDER BY m.version DESC LIMIT 1)
           ORDER BY ${CURRENT_RUN_ORDER_SQL} LIMIT 1) AS "runId",
         (SELECT id FROM mapping_versions WHERE profile_id = $1 AND status = 'published' ORDER BY version DESC LIMIT 1) AS "mappingId"`,
      [profileId],
    );
    return `${row?.runId ?? "-"}:${row?.mappingId ?? "-"}`;
  }

  /** The profile's current run and published mapping (default: the default profile). */
  async get(profileId: number = DEFAULT_PROFILE_ID): Promise<CurrentView> {
    const state = this.stateOf(profileId);
    const key = await this.key(profileId);
    if (state.cached?.key === key) return state.cached.view;
    // The mapping first: a fresh profile's first use publishes it, which the run's choice needs.
    const mapping = await getPublishedMapping(this.db, profileId);
    state.checked = null;
    const fresh = await this.key(profileId);
    const runId = Number(fresh.split(":")[0]);
    const run = Number.isInteger(runId) ? await getRun(this.db, runId) : null;
    const view: CurrentView = { run: run?.histogram ? run : null, mapping };
    // Cached only when the key names this mapping (one published meanwhile is read next time).
    if (fresh.split(":")[1] === String(mapping.id)) state.cached = { key: fresh, view };
    return view;
  }

  /** Forget the parsed pairs (after this process publishes or completes a run). */
  invalidate(): void {
    this.profiles.clear();
  }
}
