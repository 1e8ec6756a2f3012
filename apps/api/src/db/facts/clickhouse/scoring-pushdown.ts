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
import { Readable } from "node:stream";
import type { ClickHouseClient } from "@clickhouse/client";
import { type Bins, centsAtLeast, codeCount, DAY_MS, type Dimension, type StoreCalendar } from "@rfm/core";
import type {
  ClvInputs,
  PushdownAggregates,
  RecencyDay,
  ScoringPushdown,
  ValueCounts,
} from "../scoring-pushdown";
import { windowSql } from "./aggregates";
import { type ClickHouse, retried } from "./connection";
import { allShards } from "./keys";
import { runIdLiteral } from "./scores";

export function clickhouseScoringPushdown(ch: ClickHouse): ScoringPushdown {
  /**
   * What a run's aggregation found, for its later steps in this process: the span of the last
   * purchases (the calendar's day expression), the customers scored and the greatest customer id
   * (the CLV inputs' slots). A step of a run aggregated elsewhere asks the servers instead.
   */
  const found = new Map<number, Found>();
  const discard = async (runId: number) => {
    found.delete(runId);
    await Promise.all([
      ch.commandOnEachShard(`ALTER TABLE score_inputs_local DROP PARTITION ${runIdLiteral(runId)}`),
      ch.commandOnEachShard(`ALTER TABLE run_clv_local DROP PARTITION ${runIdLiteral(runId)}`),
    ]);
  };
  const num = (x: unknown) => Number(x);
  /** The run's facts of its aggregation: remembered, or read from its staging rows. */
  const foundOf = async (runId: number): Promise<Found> => {
    const known = found.get(runId);
    if (known !== undefined) return known;
    const [row] = await ch.query<{ lo: number; hi: number; top: number; n: number }>(
      `SELECT toFloat64(min(last_purchase)) AS lo, toFloat64(max(last_purchase)) AS hi,
              toFloat64(max(customer_id)) AS top, toFloat64(count()) AS n
       FROM score_inputs WHERE run_id = ${runIdLiteral(runId)} AND purchases > 0`,
    );
    return foundFrom(row?.n ?? 0, row?.lo ?? 0, row?.hi ?? 0, row?.top ?? 0);
  };
  const recencySql = async (runId: number, day: RecencyDay) => {
    const { span } = await foundOf(runId);
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
      // The run's read of the orders: FINAL (the read rule of schema.ts) on each shard
      // at once, grouped by customer into the shard's own staging rows. Measured against reading
      // the latest versions with argMax(..., version) GROUP BY customer_id, order_id: that hash
      // aggregation over every order id was 4-5 times slower than FINAL's merge in key order.
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
                toFloat64(minIf(last_purchase, purchases > 0)) AS a_last_lo, toFloat64(maxIf(customer_id, purchases > 0)) AS a_top,
                toFloat64(max(latest_order)) AS a_latest_order, toFloat64(count()) AS a_rows
         FROM score_inputs WHERE run_id = ${run}`,
      );
      const customers = num(row?.a_customers ?? 0);
      const orders = num(row?.a_orders ?? 0);
      const rows = num(row?.a_rows ?? 0);
      found.set(runId, foundFrom(customers, row?.a_last_lo ?? 0, row?.a_latest ?? 0, row?.a_top ?? 0));
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
      const recency = await recencySql(runId, day);
      // Merged across the shards by the Distributed GROUP BY; as RowBinary doubles (16 bytes a
      // value), not JSON: net spend has nearly a distinct value per customer at store scale.
      const counts = async (expression: string): Promise<ValueCounts> => {
        const rows = await readDoubles(
          ch.clients[0]!,
          `SELECT toFloat64(${expression}) AS v, toFloat64(count()) AS n
           FROM score_inputs WHERE run_id = ${run} AND purchases > 0 GROUP BY v ORDER BY v`,
          2,
        );
        const value = new Float64Array(rows.length / 2);
        const count = new Float64Array(rows.length / 2);
        for (let i = 0; i < value.length; i++) {
          value[i] = rows[2 * i]!;
          count[i] = rows[2 * i + 1]!;
        }
        return { value, count };
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
      const { top, customers } = await foundOf(runId);
      const capacity = customers > 0 ? top + 1 : 0;
      // Slots by customer id, compacted: customers in ascending id order, as the other engines
      // give them, so the model's sample (every k-th customer) is the same customers. Each shard
      // sends its rows as RowBinary doubles (exact: ids, times in ms and cents are below 2^53).
      const columns = {
        first: new Float64Array(capacity),
        last: new Float64Array(capacity),
        purchases: new Float64Array(capacity),
        cents: new Float64Array(capacity),
      };
      const sent = await Promise.all(
        ch.clients.map((client) =>
          streamDoubles(
            client,
            `SELECT toFloat64(customer_id), toFloat64(first_purchase), toFloat64(last_purchase), toFloat64(purchases),
                    toFloat64(net_cents)
             FROM score_inputs_local WHERE run_id = ${run} AND purchases > 0`,
            5,
            (rows) => {
              for (let i = 0; i < rows.length; i += 5) {
                const c = rows[i]!;
                if (!(c < capacity))
                  throw new Error(`pushdown: customer id ${c} beyond the ${capacity} expected`);
                columns.first[c] = rows[i + 1]!;
                columns.last[c] = rows[i + 2]!;
                columns.purchases[c] = rows[i + 3]!;
                columns.cents[c] = rows[i + 4]!;
              }
            },
          ),
        ),
      );
      const received = sent.reduce((a, b) => a + b, 0);
      if (received !== customers) {
        throw new Error(`pushdown: the shards sent ${received} customers' CLV inputs, expected ${customers}`);
      }
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
      // The CLV fit may just have held Node's event loop for longer than the servers'
      // keep_alive_timeout (3 s): let the client drop the connections the servers closed meanwhile
      // (its idle-socket timers and the sockets' ends are overdue) before sending anything.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const recency = await recencySql(runId, write);
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
      const onEachShard = (sql: string) =>
        allShards(ch.clients.map((client) => client.command({ query: sql })));
      // Idempotent as a whole, as it starts by dropping whatever the run wrote: run again if a
      // connection the server had closed was reused (every shard's statement settled first).
      await retried(async () => {
        await Promise.all([
          onEachShard(`ALTER TABLE customer_scores_local DROP PARTITION ${run}`),
          onEachShard(`ALTER TABLE run_clv_local DROP PARTITION ${run}`),
        ]);
        if (write.clv) await insertClv(ch, runId, write.clv);
        await onEachShard(
          `INSERT INTO customer_scores_local (run_id, customer_id, recency_days, frequency, monetary_cents, r, f, m, code, clv)
           SELECT ${run}, customer_id, toInt32(days), purchases, net_cents, r, f, m,
                  toUInt16(((r - 1) * ${bins} + (f - 1)) * ${bins} + (m - 1)), ${write.clv ? "clv" : "NULL"}
           FROM ${source}`,
        );
      });
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

/**
 * The CLV predictions into each shard's `run_clv_local`, as RowBinary (run_id UInt32,
 * customer_id UInt32, clv Nullable(Float64): 17 bytes a customer, 9 without a value; nothing to
 * format or parse).
 */
async function insertClv(
  ch: ClickHouse,
  runId: number,
  clv: { readonly customerId: Uint32Array; readonly clv: Float64Array },
): Promise<void> {
  const ROW = 17;
  const rows = new Array<number>(ch.shardCount).fill(0);
  for (let i = 0; i < clv.customerId.length; i++) rows[ch.shardOf(clv.customerId[i]!)]!++;
  const buffers = rows.map((n) => Buffer.allocUnsafe(n * ROW));
  const at = new Array<number>(ch.shardCount).fill(0);
  for (let i = 0; i < clv.customerId.length; i++) {
    const c = clv.customerId[i]!;
    const v = clv.clv[i]!;
    const shard = ch.shardOf(c);
    const buffer = buffers[shard]!;
    const o = at[shard]!;
    buffer.writeUInt32LE(runId, o);
    buffer.writeUInt32LE(c, o + 4);
    if (Number.isFinite(v)) {
      buffer.writeUInt8(0, o + 8);
      buffer.writeDoubleLE(v, o + 9);
    } else {
      buffer.writeUInt8(1, o + 8); // NULL: the flag alone, no value follows
    }
    at[shard] = o + (Number.isFinite(v) ? ROW : 9);
  }
  await allShards(
    buffers.map(async (buffer, shard) => {
      if (rows[shard] === 0) return;
      const { stream } = await ch.clients[shard]!.exec({
        query: "INSERT INTO run_clv_local (run_id, customer_id, clv) FORMAT RowBinary",
        values: Readable.from([buffer.subarray(0, at[shard]!)]),
      });
      for await (const _ of stream) {
        // an INSERT answers with an empty body; read it to free the connection
      }
    }),
  );
}

/** What a run's aggregation found (see `found` above). */
interface Found {
  readonly customers: number;
  /** The greatest id of a customer scored. */
  readonly top: number;
  /** The first and last of the customers' last purchases, or null without customers. */
  readonly span: { readonly lo: number; readonly hi: number } | null;
}

function foundFrom(customers: number, lo: number, hi: number, top: number): Found {
  const n = Number(customers);
  return { customers: n, top: Number(top), span: n > 0 ? { lo: Number(lo), hi: Number(hi) } : null };
}

/**
 * A query's rows of `width` Float64 columns, read as RowBinary (`FORMAT RowBinary` is added):
 * little-endian doubles back to back, read without a string per row, and handed to `onRows` a
 * network chunk at a time (whole rows; memory stays a chunk, not the whole answer). Returns the
 * number of rows.
 */
async function streamDoubles(
  client: ClickHouseClient,
  sql: string,
  width: number,
  onRows: (rows: Float64Array) => void,
): Promise<number> {
  const { stream } = await client.exec({ query: `${sql} FORMAT RowBinary` });
  const size = 8 * width;
  let rest: Buffer = Buffer.alloc(0);
  let count = 0;
  for await (const chunk of stream) {
    const bytes = rest.length === 0 ? (chunk as Buffer) : Buffer.concat([rest, chunk as Buffer]);
    const whole = bytes.length - (bytes.length % size);
    const view = new DataView(bytes.buffer, bytes.byteOffset, whole);
    const rows = new Float64Array(whole / 8);
    for (let i = 0; i < rows.length; i++) rows[i] = view.getFloat64(8 * i, true);
    if (rows.length > 0) onRows(rows);
    count += whole / size;
    rest = bytes.subarray(whole);
  }
  if (rest.length !== 0) {
    // A server that fails after it started answering appends its error text to the body.
    throw new Error(
      `ClickHouse's answer ends in ${rest.length} bytes that are not a row: ${rest.toString("latin1")}`,
    );
  }
  return count;
}

/** {@link streamDoubles}, every row in one array. */
async function readDoubles(client: ClickHouseClient, sql: string, width: number): Promise<Float64Array> {
  const parts: Float64Array[] = [];
  const count = await streamDoubles(client, sql, width, (rows) => parts.push(rows));
  const out = new Float64Array(count * width);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
