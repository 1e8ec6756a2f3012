/**
 * The ClickHouse cluster that holds the facts when `ANALYTICS_URL` names one:
 *
 *   clickhouse://[user[:password]@]host:port[,host:port...]/database?cluster=NAME[&secure=1]
 *
 * Each `host:port` is one shard's HTTP interface, in the order of the cluster's shards in the
 * servers' `remote_servers` config (`cluster`). Queries go to the first; the schema is created
 * on every shard (local tables) and the `Distributed` tables over them on every shard too, so
 * any shard answers; bulk inserts go straight to the shard that owns each customer
 * (`shardOf`), the fastest path ClickHouse offers and what its `Distributed` engine would do.
 *
 * Only SQL that ClickHouse 18.16 (Debian's package) and current releases both accept is sent:
 * docs/clickhouse.md, "SQL both versions run".
 */
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from "@clickhouse/client";

export interface ClickHouseTarget {
  /** One HTTP base URL per shard, in cluster order. */
  readonly shards: readonly string[];
  readonly database: string;
  readonly cluster: string;
  readonly username: string;
  readonly password: string;
}

const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses an `ANALYTICS_URL`; throws an Error naming what is wrong. */
export function parseClickHouseUrl(url: string): ClickHouseTarget {
  const match = /^clickhouse(s)?:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]+)\/([^/?#]+)(?:\?([^#]*))?$/.exec(
    url.trim(),
  );
  if (!match) {
    throw new Error("ANALYTICS_URL must look like clickhouse://host:8123[,host2:8123]/database?cluster=NAME");
  }
  const [, tls, user, password, hosts, database, query] = match;
  const params = new URLSearchParams(query ?? "");
  const cluster = params.get("cluster");
  if (!cluster || !DATABASE_NAME.test(cluster)) {
    throw new Error("ANALYTICS_URL needs ?cluster=NAME: the cluster of the servers' remote_servers config");
  }
  if (!DATABASE_NAME.test(database!)) {
    throw new Error(`ANALYTICS_URL's database "${database}" must be letters, digits and _`);
  }
  const secure = tls === "s" || params.get("secure") === "1" || params.get("secure") === "true";
  const shards = hosts!.split(",").map((host) => {
    const h = host.trim();
    if (!/^[A-Za-z0-9.\-[\]:]+$/.test(h)) throw new Error(`ANALYTICS_URL: "${h}" is not host:port`);
    return `${secure ? "https" : "http"}://${/:\d+$/.test(h) ? h : `${h}:${secure ? 8443 : 8123}`}`;
  });
  return {
    shards,
    database: database!,
    cluster,
    username: decodeURIComponent(user ?? "") || "default",
    password: decodeURIComponent(password ?? ""),
  };
}

/** Rows of a query (JSONEachRow: 64-bit integers arrive as strings; cast or `toFloat64` them). */
export type Rows<Row> = Promise<Row[]>;

export interface ClickHouse {
  readonly target: ClickHouseTarget;
  readonly database: string;
  readonly cluster: string;
  /** Number of shards. */
  readonly shardCount: number;
  /** A SELECT on the first shard (reading `Distributed` tables reads them all). */
  query<Row>(sql: string): Rows<Row>;
  /** A SELECT on one shard (0-based), e.g. of its local tables. */
  queryShard<Row>(shard: number, sql: string): Rows<Row>;
  /** A statement without result on the first shard. */
  command(sql: string): Promise<void>;
  /** The same statement on every shard (DDL of local tables, shard-local INSERT ... SELECT). */
  commandOnEachShard(sql: string): Promise<void>;
  /** Inserts JSON rows into `table` (a local table name) of one shard. */
  insertShard(shard: number, table: string, rows: readonly Record<string, unknown>[]): Promise<void>;
  /**
   * Inserts rows given as TabSeparated bytes (each row's fields in the order of `columns`,
   * escaped as `../text-format.ts` does, each row ending in a newline) into `table` of one
   * shard: the importer's path, parsed by the server several times faster than JSONEachRow and
   * built in Node without a string or object per row (keys.ts, `TsvRows`).
   */
  insertShardText(shard: number, table: string, columns: readonly string[], body: Uint8Array): Promise<void>;
  /**
   * One plain HTTP POST to a shard's HTTP interface, for what the client does not send (bytes
   * as they are, external data as a multipart form): `params` beside the database, the answer's
   * body as text; a status other than 2xx is an error naming the shard.
   */
  postShard(
    shard: number,
    params: Readonly<Record<string, string>>,
    body: Uint8Array | FormData,
  ): Promise<string>;
  /** The shard that holds a customer: the `Distributed` tables' sharding key is `customer_id`. */
  shardOf(customerId: number): number;
  /** A client per shard, for what the helpers above do not cover (streams). */
  readonly clients: readonly ClickHouseClient[];
  /** A client per shard with no database selected (creating and dropping the database). */
  readonly servers: readonly ClickHouseClient[];
  close(): Promise<void>;
}

/** Settings every session gets: fail instead of answering wrongly or stalling. */
const SESSION_SETTINGS = {
  // A Distributed query's IN/JOIN over a local table runs on each shard against its own part:
  // the tables are co-sharded by customer, so that is exact (docs/clickhouse.md).
  distributed_product_mode: "local",
  // Long scans and INSERT ... SELECT keep the connection alive with progress headers.
  send_progress_in_http_headers: 1,
  http_headers_progress_interval_ms: "10000",
} as const;

/** Errors of a connection the server had closed (an idle keep-alive socket reused), not of the statement. */
export function isStaleConnection(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e = error; e && typeof e === "object" && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === "EPIPE" || code === "ECONNRESET" || code === "UND_ERR_SOCKET") return true;
    if (typeof message === "string" && /socket hang up|other side closed/.test(message)) return true;
  }
  return false;
}

/**
 * Runs a statement again (up to 3 times) when its connection had been closed by the server: the
 * server closes idle keep-alive connections after `keep_alive_timeout` (3 s by default) and a
 * client may reuse one just then (seen as EPIPE under load). Only for statements that may run
 * twice: reads, and this folder's inserts (ReplacingMergeTree rows and keys: a row written twice
 * is one row to every reader).
 */
export async function retried<T>(statement: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      if (attempt >= 3 || !isStaleConnection(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

export function openClickHouse(url: string): ClickHouse {
  const target = parseClickHouseUrl(url);
  const connect = (shard: string, database: string) =>
    createClient({
      url: shard,
      username: target.username,
      password: target.password,
      database,
      request_timeout: 600_000,
      compression: { request: false, response: false },
      clickhouse_settings: SESSION_SETTINGS,
      log: { level: ClickHouseLogLevel.OFF },
      // Idle sockets are dropped before the server closes them (18.16's keep_alive_timeout is
      // 3 s): by the client's timer after 2 s, and, when a busy process ran that timer late, by
      // the client's check of the socket's age before reusing it (off by default; two export
      // benchmarks on a loaded machine died of a reused socket without it). What still slips
      // through is sent again by `retried`.
      keep_alive: { idle_socket_ttl: 2000, eagerly_destroy_stale_sockets: true },
    });
  const clients = target.shards.map((shard) => connect(shard, target.database));
  const servers = target.shards.map((shard) => connect(shard, "default"));
  // Reads may run twice: one whose connection the server had closed is sent again.
  const run = <Row>(client: ClickHouseClient, sql: string): Promise<Row[]> =>
    retried(async () => {
      const result = await client.query({ query: sql, format: "JSONEachRow" });
      return (await result.json()) as Row[];
    });
  const postShard: ClickHouse["postShard"] = async (shard, params, body) => {
    const url = new URL(target.shards[shard]!);
    url.searchParams.set("database", target.database);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const response = await fetch(url, {
      method: "POST",
      body,
      headers: { "X-ClickHouse-User": target.username, "X-ClickHouse-Key": target.password },
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`ClickHouse (shard ${shard + 1}): ${text.trim()}`);
    return text;
  };
  const shardCount = clients.length;
  return {
    target,
    database: target.database,
    cluster: target.cluster,
    shardCount,
    clients,
    servers,
    query: (sql) => run(clients[0]!, sql),
    queryShard: (shard, sql) => run(clients[shard]!, sql),
    async command(sql) {
      await clients[0]!.command({ query: sql });
    },
    async commandOnEachShard(sql) {
      await Promise.all(clients.map((client) => client.command({ query: sql })));
    },
    async insertShard(shard, table, rows) {
      if (rows.length === 0) return;
      await clients[shard]!.insert({
        table,
        values: rows as Record<string, unknown>[],
        format: "JSONEachRow",
      });
    },
    async insertShardText(shard, table, columns, body) {
      if (body.length === 0) return;
      // A plain POST: the client would take the rows as one string (a copy of the bytes, then
      // their encoding again).
      await postShard(
        shard,
        { query: `INSERT INTO ${table} (${columns.join(", ")}) FORMAT TabSeparated` },
        body,
      );
    },
    postShard,
    shardOf: (customerId) => customerId % shardCount,
    async close() {
      await Promise.all([...clients, ...servers].map((client) => client.close()));
    },
  };
}

/** The `ANALYTICS_URL` of a target (what `parseClickHouseUrl` reads back): for a worker thread to open the same cluster. */
export function clickhouseUrlOf(target: ClickHouseTarget): string {
  const secure = target.shards.some((shard) => shard.startsWith("https://"));
  const hosts = target.shards.map((shard) => shard.replace(/^https?:\/\//, "")).join(",");
  const user = `${encodeURIComponent(target.username)}${target.password ? `:${encodeURIComponent(target.password)}` : ""}@`;
  return `clickhouse://${user}${hosts}/${target.database}?cluster=${target.cluster}${secure ? "&secure=1" : ""}`;
}
