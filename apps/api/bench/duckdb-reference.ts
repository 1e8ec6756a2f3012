import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";

export interface ReferenceCodes {
  /** External customer id -> three-digit code. */
  readonly codes: Map<string, string>;
  readonly seconds: number;
}

/**
 * The RFM codes a data analyst would compute with DuckDB straight from the transactions CSV,
 * under our rules (docs/scoring.md): an order is a purchase when its value is > 0, refunds
 * reduce spend, recency is whole days to `asOf`, and the tie rule
 * `score = 1 + bins * (RANK() - 1) // n` ranks customers worst first, so equal values tie.
 */
export async function duckdbReferenceCodes(options: {
  csvPath: string;
  asOf: number;
  bins: number;
}): Promise<ReferenceCodes> {
  const started = performance.now();
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const asOf = new Date(options.asOf).toISOString().replace("T", " ").replace("Z", "");
  const b = options.bins;
  const reader = await connection.runAndReadAll(`
    WITH t AS (
      SELECT * FROM read_csv('${options.csvPath.replaceAll("'", "''")}', header = true, columns = {
        'order_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'occurred_at': 'TIMESTAMP',
        'amount': 'DECIMAL(18,2)', 'channel': 'VARCHAR'})
    ),
    orders AS (
      SELECT customer_id, order_id, min(occurred_at) AS placed_at, sum(CAST(round(amount * 100) AS BIGINT)) AS cents
      FROM t WHERE occurred_at < TIMESTAMP '${asOf}'
      GROUP BY customer_id, order_id
    ),
    agg AS (
      SELECT customer_id,
             count(*) FILTER (WHERE cents > 0) AS f,
             sum(cents) AS m,
             max(placed_at) FILTER (WHERE cents > 0) AS last
      FROM orders GROUP BY customer_id
      HAVING count(*) FILTER (WHERE cents > 0) > 0
    ),
    rfm AS (
      SELECT customer_id, f, m, (epoch_ms(TIMESTAMP '${asOf}') - epoch_ms(last)) // 86400000 AS r FROM agg
    )
    SELECT customer_id,
      1 + ${b} * (rank() OVER (ORDER BY r DESC) - 1) // count(*) OVER () AS rs,
      1 + ${b} * (rank() OVER (ORDER BY f ASC) - 1) // count(*) OVER () AS fs,
      1 + ${b} * (rank() OVER (ORDER BY m ASC) - 1) // count(*) OVER () AS ms
    FROM rfm`);
  const codes = new Map<string, string>();
  for (const row of reader.getRows()) {
    codes.set(String(row[0]), `${row[1]}${row[2]}${row[3]}`);
  }
  connection.closeSync();
  return { codes, seconds: (performance.now() - started) / 1000 };
}

/**
 * Run as a script (`node --import tsx duckdb-reference.ts CSV AS_OF_MS BINS OUT`), the reference
 * runs in a process of its own, so the pipeline benchmark reads DuckDB's peak memory the way it
 * reads each CLI step's; the codes go to OUT as `external_id<TAB>code` lines, preceded by one
 * line with the seconds from CSV to codes.
 */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [csvPath, asOf, bins, out] = process.argv.slice(2);
  const reference = await duckdbReferenceCodes({ csvPath: csvPath!, asOf: Number(asOf), bins: Number(bins) });
  const lines = [String(reference.seconds)];
  for (const [id, code] of reference.codes) lines.push(`${id}\t${code}`);
  writeFileSync(out!, `${lines.join("\n")}\n`);
}
