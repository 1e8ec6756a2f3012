/**
 * What every query answers from: the current scoring run (the complete one with the latest
 * as-of: scoring.repository's CURRENT_RUN_ORDER) and the
 * published mapping, parsed once and shared by requests. One small query says which run and
 * mapping are current (another process, such as `rfm score`, may have changed them); its
 * answer is trusted for 250 ms, and the parsed pair is reused while it is unchanged, so a
 * segment page neither re-reads a run's histogram nor re-compiles a mapping per request.
 * Changes made through this server (publish, rollback, runs, imports) invalidate it at once.
 */
import type { Database } from "../../db/client";
import { getPublishedMapping, type PublishedMapping } from "../mapping/mapping.repository";
import { CURRENT_RUN_ORDER_SQL } from "../scoring/scoring.repository";
import { getCurrentRun, type ScoringRun } from "../scoring/scoring.service";

export interface CurrentView {
  /** The current run; null before the first complete run. */
  readonly run: ScoringRun | null;
  readonly mapping: PublishedMapping;
}

/** How long a check of which run and mapping are current is trusted (another process's change shows within it). */
const CHECK_MS = 250;

export class CurrentState {
  private cached: { key: string; view: CurrentView } | null = null;
  private checked: { at: number; key: Promise<string> } | null = null;

  constructor(private readonly db: Database) {}

  private key(): Promise<string> {
    const now = Date.now();
    if (this.checked && now - this.checked.at < CHECK_MS) return this.checked.key;
    const key = this.readKey();
    this.checked = { at: now, key };
    key.catch(() => {
      if (this.checked?.key === key) this.checked = null;
    });
    return key;
  }

  private async readKey(): Promise<string> {
    const [row] = await this.db.reads.query<{ runId: number | null; mappingId: number | null }>(
      `SELECT
         (SELECT id FROM scoring_runs WHERE status = 'complete' ORDER BY ${CURRENT_RUN_ORDER_SQL} LIMIT 1) AS "runId",
         (SELECT id FROM mapping_versions WHERE status = 'published' ORDER BY version DESC LIMIT 1) AS "mappingId"`,
    );
    return `${row?.runId ?? "-"}:${row?.mappingId ?? "-"}`;
  }

  async get(): Promise<CurrentView> {
    const key = await this.key();
    if (this.cached?.key === key) return this.cached.view;
    const [run, mapping] = [await getCurrentRun(this.db), await getPublishedMapping(this.db)];
    const view: CurrentView = { run: run?.histogram ? run : null, mapping };
    // A mapping published just now (first use) changes the key; store under the fresh one.
    this.checked = null;
    this.cached = { key: await this.key(), view };
    return view;
  }

  /** Forget the parsed pair (after this process publishes or completes a run). */
  invalidate(): void {
    this.cached = null;
    this.checked = null;
  }
}
