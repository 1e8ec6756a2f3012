/**
 * What every query answers from: the current scoring run (the latest complete one) and the
 * published mapping, parsed once and shared by requests. A request checks with one small
 * query which run and mapping are current (another process, such as `rfm score`, may have
 * changed them) and reuses the parsed pair when nothing changed, so a segment page does not
 * re-read a run's histogram or re-compile a mapping on every request.
 */
import type { Database } from "../../db/client";
import { getPublishedMapping, type PublishedMapping } from "../mapping/mapping.repository";
import { getCurrentRun, type ScoringRun } from "../scoring/scoring.service";

export interface CurrentView {
  /** The current run; null before the first complete run. */
  readonly run: ScoringRun | null;
  readonly mapping: PublishedMapping;
}

export class CurrentState {
  private cached: { key: string; view: CurrentView } | null = null;

  constructor(private readonly db: Database) {}

  private async key(): Promise<string> {
    const [row] = await this.db.raw.query<{ runId: number | null; mappingId: number | null }>(
      `SELECT
         (SELECT id FROM scoring_runs WHERE status = 'complete' ORDER BY finished_at DESC, id DESC LIMIT 1) AS "runId",
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
    this.cached = { key: await this.key(), view };
    return view;
  }

  /** Forget the parsed pair (after this process publishes or completes a run). */
  invalidate(): void {
    this.cached = null;
  }
}
