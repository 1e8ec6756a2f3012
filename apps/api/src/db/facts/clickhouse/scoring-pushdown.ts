/**
 * A scoring run pushed down to the cluster (../scoring-pushdown.ts for the steps). What moves:
 *
 * - the per-customer GROUP BY runs on each shard over its own orders and stays there
 *   (`INSERT INTO score_inputs_local SELECT ... GROUP BY customer_id`, every shard at once);
 * - the cut points come from value counts (customers per recency day, per purchase count, per
 *   net-spend cent) merged across shards by the Distributed GROUP BY: thousands of numbers, not
 *   millions of rows. rfm-core's rank rule needs only these (a customer's score depends on how
 *   many customers have a strictly worse value);
 * - the scores are written on each shard by `INSERT INTO customer_scores_local SELECT`, each
 *   score being 1 + the number of bounds the value reaches, compared as whole numbers exactly as
 *   `binCountSql` does (days <= floor(b), purchases >= ceil(b), cents >= centsAtLeast(b)). No
 *   window function (18.16 has none; a global rank would funnel through one node anyway).
 *
 * Recency days count the store's calendar days: the day of an instant is computed in SQL from
 * offsets that Node's calendar gives for the days the data span (a multiIf over the zone's
 * changes of offset), not from the server's time-zone database, so both sides count the same
 * days whatever either's tz data.
 */
import { type Bins, centsAtLeast, codeCount, DAY_MS, type Dimension, type StoreCalendar } from "@rfm/core";
import type {
  ClvInputs,
  PushdownAggregates,
  RecencyDay,
  ScoringPushdown,
  ValueCounts,
} from "../scoring-pushdown";
import { windowSql } from "./aggregates";
import type { ClickHouse } from "./connection";
import { dropRunScores, runIdLiteral } from "./scores";

export function clickhouseScoringPushdown(ch: ClickHouse): ScoringPushdown {
  const discard = (runId: number) =>
    ch
      .commandOnEachShard(`ALTER TABLE score_inputs_local DROP PARTITION ${runIdLiteral(runId)}`)
      .then(() => ch.commandOnEachShard(`ALTER TABLE run_clv_local DROP PARTITION ${runIdLiteral(runId)}`));
  const num = (x: unknown) => Number(x);
  /** The instants of the last purchases, for the calendar's day expression. */
  const lastPurchaseSpan = async (run: string) => {
    const [row] = await ch.query<{ lo: number; hi: number; n: string }>(
      `SELECT toFloat64(min(last_purchase)) AS lo, toFloat64(max(last_purchase)) AS hi, count() AS n
       FROM score_inputs WHERE run_id = ${run} AND purchases > 0`,
    );
    return row && Number(row.n) > 0 ? { lo: row.lo, hi: row.hi } : null;
  };
  const recencySql = async (run: string, day: RecencyDay) => {
    const span = await lastPurchaseSpan(run);
    return span === null
      ? "0"
      : `(${Math.trunc(day.asOfDay)} - ${dayOfSql("last_purchase", day.calendar, span.lo, span.hi)})`;
  };
  return {
    async aggregate(runId, options) {
      const run = runIdLiteral(runId);
      if (options.selection?.convert) throw new Error("pushdown: a converted run is not pushed down");
      await discard(runId);
      const where = `${windowSql(options.from, options.to)}${selectionWhere(options.selection)}`;
      await ch.commandOnEachShard(
        `INSERT INTO score_inputs_local (run_id, customer_id, purchases, net_cents, first_purchase, last_purchase, orders, latest_order)
         SELECT ${run}, customer_id, countIf(amount_cents > 0), sum(amount_cents), minIf(occurred_at, amount_cents > 0),
                maxIf(occurred_at, amount_cents > 0), count(), max(occurred_at)
         FROM transactions_local FINAL WHERE 1 = 1${where} GROUP BY customer_id`,
      );
      // Aliases differ from the columns' names: ClickHouse substitutes an alias wherever its
      // name appears, so `sum(orders) AS orders` would nest aggregates.
      const [row] = await ch.query<Record<string, number>>(
        `SELECT toFloat64(countIf(purchases > 0)) AS a_customers, toFloat64(sum(orders)) AS a_orders,
                toFloat64(sum(purchases)) AS a_purchases, toFloat64(countIf(purchases = 0)) AS a_without,
                toFloat64(minIf(first_purchase, purchases > 0)) AS a_earliest, toFloat64(maxIf(last_purchase, purchases > 0)) AS a_latest,
                toFloat64(max(latest_order)) AS a_latest_order, toFloat64(count()) AS a_rows
         FROM score_inputs WHERE run_id = ${run}`,
      );
      const customers = num(row?.a_customers ?? 0);
      const orders = num(row?.a_orders ?? 0);
      const rows = num(row?.a_rows ?? 0);
      return {
        customers,
        orders,
        nonPurchaseOrders: orders - num(row?.a_purchases ?? 0),
        customersWithoutPurchases: num(row?.a_without ?? 0),
        latestOrder: options.to === undefined && rows > 0 ? num(row!.a_latest_order) : null,
        earliestPurchase: customers > 0 ? num(row!.a_earliest) : null,
        latestPurchase: customers > 0 ? num(row!.a_latest) : null,
        parts: ch.shardCount,
      } satisfies PushdownAggregates;
    },

    async valueCounts(runId, day) {
      const run = runIdLiteral(runId);
      const recency = await recencySql(run, day);
      const counts = async (expression: string): Promise<ValueCounts> => {
        const rows = await ch.query<{ v: number; n: number }>(
          `SELECT toFloat64(${expression}) AS v, toFloat64(count()) AS n
           FROM score_inputs WHERE run_id = ${run} AND purchases > 0 GROUP BY v ORDER BY v`,
        );
        return { value: Float64Array.from(rows, (r) => r.v), count: Float64Array.from(rows, (r) => r.n) };
      };
      const [recencyCounts, frequency, monetary] = await Promise.all([
        counts(recency),
        counts("purchases"),
        counts("net_cents"),
      ]);
      return { recency: recencyCounts, frequency, monetary };
    },

    async clvInputs(runId) {
      const run = runIdLiteral(runId);
      const [row] = await ch.query<{ top: number; n: number }>(
        `SELECT toFloat64(max(customer_id)) AS top, toFloat64(count()) AS n FROM score_inputs WHERE run_id = ${run} AND purchases > 0`,
      );
      const capacity = row && row.n > 0 ? row.top + 1 : 0;
      // Slots by customer id, compacted: customers in ascending id order, as the other engines
      // give them, so the model's sample (every k-th customer) is the same customers.
      const columns = {
        first: new Float64Array(capacity),
        last: new Float64Array(capacity),
        purchases: new Float64Array(capacity),
        cents: new Float64Array(capacity),
      };
      await Promise.all(
        ch.clients.map(async (client) => {
          const result = await client.query({
            query: `SELECT customer_id, first_purchase, last_purchase, purchases, net_cents FROM score_inputs_local
                    WHERE run_id = ${run} AND purchases > 0`,
            format: "TabSeparated",
          });
          for await (const rows of result.stream()) {
            for (const r of rows as { text: string }[]) {
              const cells = r.text.split("\t");
              const c = Number(cells[0]);
              columns.first[c] = Number(cells[1]);
              columns.last[c] = Number(cells[2]);
              columns.purchases[c] = Number(cells[3]);
              columns.cents[c] = Number(cells[4]);
            }
          }
        }),
      );
      let n = 0;
      for (let c = 0; c < capacity; c++) if (columns.purchases[c]! > 0) n++;
      const out: ClvInputs = {
        customerId: new Uint32Array(n),
        firstPurchase: new Float64Array(n),
        lastPurchase: new Float64Array(n),
        frequency: new Float64Array(n),
        monetary: new Float64Array(n),
      };
      let k = 0;
      for (let c = 0; c < capacity; c++) {
        if (!(columns.purchases[c]! > 0)) continue;
        out.customerId[k] = c;
        out.firstPurchase[k] = columns.first[c]!;
        out.lastPurchase[k] = columns.last[c]!;
        out.frequency[k] = columns.purchases[c]!;
        out.monetary[k] = columns.cents[c]! / 100;
        k++;
      }
      return out;
    },

    async writeScores(runId, write) {
      const run = runIdLiteral(runId);
      const bins = write.bins;
      await dropRunScores(ch, runId);
      if (write.clv) await insertClv(ch, run, write.clv);
      const recency = await recencySql(run, write);
      const score = (dimension: Dimension, value: string) => {
        const terms = write.bounds[dimension]
          .filter((b): b is number => b !== null)
          .map((b) => `(${value} ${dimension === "recency" ? "<=" : ">="} ${wholeBound(dimension, b)})`);
        return `toUInt8(${["1", ...terms].join(" + ")})`;
      };
      const scored = `SELECT customer_id, purchases, net_cents, ${recency} AS days,
          ${score("recency", "days")} AS r, ${score("frequency", "purchases")} AS f, ${score("monetary", "net_cents")} AS m
        FROM score_inputs_local WHERE run_id = ${run} AND purchases > 0`;
      // Left-side columns unqualified in the JOIN (18.16); ANY LEFT JOIN ... USING is current syntax too.
      const source = write.clv
        ? `(${scored}) ANY LEFT JOIN (SELECT customer_id, clv FROM run_clv_local WHERE run_id = ${run}) USING customer_id`
        : `(${scored})`;
      await ch.commandOnEachShard(
        `INSERT INTO customer_scores_local (run_id, customer_id, recency_days, frequency, monetary_cents, r, f, m, code, clv)
         SELECT ${run}, customer_id, toInt32(days), purchases, net_cents, r, f, m,
                toUInt16(((r - 1) * ${bins} + (f - 1)) * ${bins} + (m - 1)), ${write.clv ? "clv" : "NULL"}
         FROM ${source}`,
      );
      const [row] = await ch.query<{ n: string }>(
        `SELECT count() AS n FROM customer_scores WHERE run_id = ${run}`,
      );
      return Number(row?.n ?? 0);
    },

    async histogram(runId, bins: Bins, withClv) {
      const run = runIdLiteral(runId);
      const rows = await ch.query<Record<string, number>>(
        `SELECT code, toFloat64(count()) AS n, toFloat64(sum(monetary_cents)) AS cents, toFloat64(sum(recency_days)) AS days,
                toFloat64(sum(frequency)) AS purchases, toFloat64(sum(ifNull(clv, nan))) AS clv_sum
         FROM customer_scores WHERE run_id = ${run} GROUP BY code`,
      );
      const size = codeCount(bins);
      const histogram = {
        bins,
        customers: new Float64Array(size),
        monetary: new Float64Array(size),
        recencyDays: new Float64Array(size),
        frequency: new Float64Array(size),
        ...(withClv ? { clv: new Float64Array(size) } : {}),
      };
      for (const r of rows) {
        const c = Number(r.code);
        histogram.customers[c] = r.n!;
        histogram.monetary[c] = r.cents! / 100;
        histogram.recencyDays[c] = r.days!;
        histogram.frequency[c] = r.purchases!;
        if (histogram.clv) histogram.clv[c] = Number(r.clv_sum);
      }
      return histogram;
    },

    discard: (runId) => discard(runId),
  };
}

/** A bound as the whole number its integer column is compared with (as `binCountSql`). */
function wholeBound(dimension: Dimension, b: number): string {
  if (!Number.isFinite(b)) throw new RangeError(`pushdown: bound ${b} is not finite`);
  const whole =
    dimension === "recency" ? Math.floor(b) : dimension === "frequency" ? Math.ceil(b) : centsAtLeast(b);
  return String(whole);
}

/** The selection's conditions (channels; a currency without conversion), as the other engines'. */
function selectionWhere(selection: import("../aggregates").OrderSelection | undefined): string {
  if (selection === undefined) return "";
  const text = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  let where = "";
  if (selection.channels !== undefined) {
    where += ` AND lower(ifNull(channel, '')) IN (${selection.channels.map((c) => text(c.toLowerCase())).join(", ")})`;
  }
  if (selection.currency !== undefined) {
    where += ` AND ifNull(currency, ${text(selection.storeCurrency)}) = ${text(selection.currency)}`;
  }
  return where;
}

/**
 * The store day of an instant column, for instants within [lo, hi]: `floor((x + offset) / day)`
 * on each stretch of days with one offset (the same double arithmetic as `StoreCalendar.dayOf`),
 * and the day itself on a day that is not 24 hours long (a change of offset).
 */
export function dayOfSql(column: string, calendar: StoreCalendar, lo: number, hi: number): string {
  const first = calendar.dayOf(lo);
  const last = calendar.dayOf(hi);
  const pieces: { start: number; sql: string }[] = [];
  let start = calendar.startOfDay(first);
  for (let d = first; d <= last; d++) {
    const next = calendar.startOfDay(d + 1);
    const offset = d * DAY_MS - start;
    const sql = next - start === DAY_MS ? `toInt64(floor((${column} + ${offset}) / ${DAY_MS}))` : String(d);
    if (pieces.length === 0 || pieces[pieces.length - 1]!.sql !== sql) pieces.push({ start, sql });
    start = next;
  }
  if (pieces.length === 1) return pieces[0]!.sql;
  const branches = pieces.slice(1).map((piece, i) => `${column} < ${piece.start}, ${pieces[i]!.sql}`);
  return `multiIf(${branches.join(", ")}, ${pieces[pieces.length - 1]!.sql})`;
}

async function insertClv(
  ch: ClickHouse,
  run: string,
  clv: { readonly customerId: Uint32Array; readonly clv: Float64Array },
): Promise<void> {
  const lines: string[][] = Array.from({ length: ch.shardCount }, () => []);
  for (let i = 0; i < clv.customerId.length; i++) {
    const c = clv.customerId[i]!;
    const v = clv.clv[i]!;
    lines[ch.shardOf(c)]!.push(`${run}\t${c}\t${Number.isFinite(v) ? v : "\\N"}`);
  }
  await Promise.all(
    lines.map((chunk, shard) =>
      chunk.length === 0
        ? undefined
        : ch.clients[shard]!.command({
            query: `INSERT INTO run_clv_local (run_id, customer_id, clv) FORMAT TabSeparated\n${chunk.join("\n")}\n`,
          }),
    ),
  );
}
