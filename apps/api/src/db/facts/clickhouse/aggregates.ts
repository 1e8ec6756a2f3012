/**
 * Order aggregates on ClickHouse: the same GROUP BY customer_id as the other engines, run on
 * every shard at once over its own `transactions_local` (the table is sharded by customer, so a
 * customer's orders are all on one shard and each shard's groups are final). One row per
 * customer comes back per shard, streamed as TabSeparated into the slots: no JSON objects per
 * row, no per-order work in JavaScript.
 *
 * A "range" here is a shard: `parts` is ignored, the cluster's shards are the parallelism.
 *
 * This is the read a scoring run without push-down makes; the pushed-down run
 * (scoring-pushdown.ts of this folder) never brings per-customer rows back.
 */
import { AppError } from "../../../app-error";
import type { AggregateDialect, AggregateEngine, RangeResults, SelectionSql } from "../aggregates";
import { allocateSlots } from "../aggregates";
import type { ClickHouse } from "./connection";

/**
 * The dialect of a selection's SQL on ClickHouse: times are epoch ms (Int64). Converting
 * currencies needs a correlated subquery over `exchange_rates` (the latest rate on or before
 * each order), which ClickHouse does not run: a converted run is refused (see `readRanges`).
 * `roundCents` still says how a conversion would round: toInt64 truncates toward zero, as
 * SQLite's CAST does (both versions).
 */
export const CLICKHOUSE_AGGREGATE_DIALECT: AggregateDialect = {
  time: (ms) => String(Math.trunc(ms)),
  ms: (expression) => expression,
  roundCents: (x, sign) => `toInt64(${x} + if(${sign} < 0, -0.5, 0.5))`,
};

/**
 * The read rule of `transactions` (schema.ts): a ReplacingMergeTree whose duplicates (a
 * re-imported or folded order's older versions) disappear only when parts merge, so every
 * read that counts orders reads it with FINAL.
 */
export const TRANSACTIONS_READ = "transactions_local FINAL";
/** The same over the whole cluster (18.16 and current releases pass FINAL on to the shards). */
export const TRANSACTIONS_READ_DISTRIBUTED = "transactions FINAL";

/** The per-customer GROUP BY on one shard (columns as sqlite/aggregates.ts's). */
export function shardAggregateSql(
  from: number | undefined,
  to: number | undefined,
  selection: SelectionSql,
  latest: boolean,
): string {
  return `SELECT customer_id, countIf(amount_cents > 0), sum(${selection.amount}),
      minIf(occurred_at, amount_cents > 0), maxIf(occurred_at, amount_cents > 0), count()${latest ? ", max(occurred_at)" : ""}
    FROM ${TRANSACTIONS_READ}
    WHERE 1 = 1${windowSql(from, to)}${selection.where}
    GROUP BY customer_id`;
}

export function windowSql(from: number | undefined, to: number | undefined): string {
  const t = CLICKHOUSE_AGGREGATE_DIALECT.time;
  return `${from === undefined ? "" : ` AND occurred_at >= ${t(from)}`}${to === undefined ? "" : ` AND occurred_at < ${t(to)}`}`;
}

export function clickhouseAggregates(ch: ClickHouse): AggregateEngine {
  return {
    maxParts: ch.shardCount,
    async maxCustomerId() {
      // Customers and orders may be written apart (a customer's orders first after a crash):
      // the slots cover every id either table holds.
      const [row] = await ch.query<{ c: number | null; t: number | null }>(
        "SELECT (SELECT max(id) FROM customers) AS c, (SELECT max(customer_id) FROM transactions) AS t",
      );
      return Math.max(Number(row?.c ?? 0), Number(row?.t ?? 0));
    },
    defaultParallelism: async () => ch.shardCount,
    async readRanges(capacity, _parts, from, to, selection) {
      if (selection.amount !== "amount_cents") refuseConversion();
      return readShards(ch, capacity, shardAggregateSql(from, to, selection, to === undefined));
    },
    dialect: CLICKHOUSE_AGGREGATE_DIALECT,
    query: (sql) => ch.query(sql),
    ordersRead: TRANSACTIONS_READ_DISTRIBUTED,
    refuseConversion,
    async recordedCurrencies(storeCurrency) {
      // The currencies actually stored (one scan of a low-cardinality column): exact, and it
      // needs no list kept beside the orders.
      const rows = await ch.query<{ code: string }>(
        "SELECT DISTINCT ifNull(currency, '') AS code FROM transactions",
      );
      return [...new Set(rows.map((row) => row.code || storeCurrency))].sort();
    },
  };
}

/** Converting needs each order's latest rate on or before its day: a correlated subquery ClickHouse does not run. */
function refuseConversion(): never {
  throw new AppError(
    "INVALID_OPTIONS",
    "converting currencies is not available when the facts are on ClickHouse: score one currency (--currency without --convert)",
    { field: "convert" },
  );
}

async function readShards(ch: ClickHouse, capacity: number, sql: string): Promise<RangeResults> {
  const slots = allocateSlots(capacity, false);
  const latestPerShard = await Promise.all(
    ch.clients.map(async (client) => {
      const result = await client.query({ query: sql, format: "TabSeparated" });
      let latest = Number.NEGATIVE_INFINITY;
      for await (const rows of result.stream()) {
        for (const row of rows as { text: string }[]) {
          const cells = row.text.split("\t");
          const c = Number(cells[0]);
          if (!(c < capacity)) throw new Error(`aggregates: customer id ${c} beyond the ${capacity} read`);
          const purchases = Number(cells[1]);
          slots.purchases[c] = purchases;
          slots.netCents[c] = Number(cells[2]);
          slots.first[c] = purchases > 0 ? Number(cells[3]) : Number.NaN;
          slots.last[c] = purchases > 0 ? Number(cells[4]) : Number.NaN;
          slots.orders[c] = Number(cells[5]);
          if (cells.length > 6) {
            const at = Number(cells[6]);
            if (at > latest) latest = at;
          }
        }
      }
      return latest;
    }),
  );
  return { slots, latest: Math.max(...latestPerShard) };
}
