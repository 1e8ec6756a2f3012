/**
 * `@rfm/core/reference`: plain-TypeScript implementations of what production computes in SQL,
 * kept as the documented test oracles of those SQL paths. Production does not run them: at
 * millions of customers the database's GROUP BY and join are several times faster than
 * streaming every order into JavaScript (docs/scaling.md), so they are kept beside the domain,
 * not in the main `@rfm/core` entry.
 *
 * - `aggregate/` (`createAggregator`, `aggregateTransactions`, `createIndexedAggregator`): the
 *   oracle of the per-customer aggregation in `apps/api/src/db/facts/aggregates.ts`
 *   (`aggregateOrders`). `apps/api/src/modules/scoring/test-store.ts` (`expectedScores`)
 *   aggregates the same orders with `createAggregator` in `orders` mode, and
 *   `apps/api/src/modules/scoring/scoring.int.test.ts` compares every stored recency,
 *   frequency, monetary value and code with it, on SQLite and PostgreSQL, with windows and
 *   both monetary bases.
 * - `movement/` (`segmentMovement`): the oracle of the segment-to-segment join of two runs'
 *   scores in `apps/api/src/modules/analytics/analytics.repository.ts` (`readMovement`), which
 *   `test/api/mutations.test.ts` compares with it after a scoring run started over the API.
 *
 * Both follow the domain's rules exactly (recency and spend through `../measures`), and their
 * own unit tests pin those rules at every boundary.
 */
export * from "./aggregate/index";
export * from "./movement/index";
