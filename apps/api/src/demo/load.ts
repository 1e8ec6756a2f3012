/**
 * Loads the synthetic demo store into a database through the same importer as real files and
 * scores it as of the demo's last day. Idempotent: a second load imports nothing new and adds a
 * scoring run. Used by `rfm demo`, the API and browser tests, and the benchmarks.
 */

import type { Database } from "../db/client";
import { type ImportSummary, importCustomers, importTransactions } from "../modules/import/import.service";
import { runScoring, type ScoringRunResult } from "../modules/scoring/scoring.service";
import { demoCsvChunks } from "./csv";
import { DEMO_DEFAULTS } from "./generate";

export interface DemoLoad {
  readonly customers: ImportSummary;
  readonly transactions: ImportSummary;
  readonly scoring: ScoringRunResult;
}

/** The demo is scored as of its last day (in the store's zone: its orders are UTC instants). */
export const DEMO_AS_OF_DAY = DEMO_DEFAULTS.to;

async function* textStream(chunks: () => Iterable<string>): AsyncGenerator<string> {
  for (const chunk of chunks()) yield chunk;
}

export async function loadDemo(
  db: Database,
  options: { customers?: number; seed?: number } = {},
): Promise<DemoLoad> {
  const generator = {
    customers: options.customers ?? DEMO_DEFAULTS.customers,
    seed: options.seed ?? DEMO_DEFAULTS.seed,
  };
  const label = `demo(customers=${generator.customers}, seed=${generator.seed})`;
  const customers = await importCustomers({
    db,
    source: `${label}.customers`,
    input: textStream(function* () {
      for (const chunk of demoCsvChunks(generator)) yield chunk.customers;
    }),
  });
  const transactions = await importTransactions({
    db,
    source: `${label}.transactions`,
    input: textStream(function* () {
      for (const chunk of demoCsvChunks(generator)) yield chunk.transactions;
    }),
  });
  const scoring = await runScoring({ db, asOfDay: DEMO_AS_OF_DAY });
  return { customers, transactions, scoring };
}
