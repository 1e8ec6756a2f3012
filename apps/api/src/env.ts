/**
 * The one place configuration is read: every setting is validated here, and nothing else in
 * the API reads `process.env` (Biome's `noProcessEnv` holds every other file to that). A child
 * process we start gets its environment from `childEnv`.
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isTimeZone, storeCalendar } from "@rfm/core";
import { type CountryCode, isSupportedCountry } from "libphonenumber-js/max";
import { z } from "zod";
import { normalizeCurrency } from "./money/currencies";

/** The repository root: relative SQLite paths are resolved against it, whatever the cwd. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

export const DEFAULT_DATABASE_URL = "file:./data/rfm.db";

/**
 * `file:<path>` (SQLite) with the path made absolute against the repository root, so the CLI
 * run from the root, a workspace script and a test all open the same file; or a
 * `postgres://` / `postgresql://` URL, kept as given.
 */
export function normalizeDatabaseUrl(url: string): string {
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length);
    if (path === "" || path === ":memory:") return url;
    return `file:${isAbsolute(path) ? path : resolve(REPO_ROOT, path)}`;
  }
  return url;
}

/** A database URL variable; the default goes through the same checks and normalisation. */
const databaseUrl = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((url) => url.trim())
    .refine((url) => /^(file:|postgres(ql)?:\/\/)/.test(url), {
      message: "must be file:<path> (SQLite) or postgres://... (PostgreSQL)",
    })
    .transform(normalizeDatabaseUrl);

const schema = z.object({
  /** Where the data lives: SQLite file (default) or PostgreSQL. */
  DATABASE_URL: databaseUrl(DEFAULT_DATABASE_URL),
  /** Where `rfm serve` listens (the admin's RFM_API_URL points here). */
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  HOST: z.string().default("127.0.0.1"),
  /** Webhooks: how long a receiver has to answer a delivery before it counts as failed. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Webhooks: deliveries sent at once per subscription (by each `rfm serve` process). */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Imports: dates later than now plus this many days are rejects (docs/import.md). */
  IMPORT_FUTURE_TOLERANCE_DAYS: z.coerce.number().min(0).max(36_500).default(1),
  /** Imports: dates before this day (YYYY-MM-DD, UTC) are rejects. */
  IMPORT_MIN_DATE: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a date YYYY-MM-DD" })
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), { message: "must be a calendar date" })
    .default("1900-01-01"),
  /**
   * The store's time zone (IANA name): the days recency, "as of", windows in days and daily
   * charts count, and the zone of imported dates that give no offset (docs/scoring.md).
   */
  STORE_TIME_ZONE: z
    .string()
    .default("UTC")
    .transform((zone) => zone.trim())
    .refine(isTimeZone, { message: "must be an IANA time zone name such as UTC or America/Toronto" })
    .transform((zone) => storeCalendar(zone).timeZone),
  /**
   * The store's currency (ISO 4217): what an order without a currency is in, and a run's
   * currency when the data hold no other (docs/scoring.md, "Currencies").
   */
  STORE_CURRENCY: z
    .string()
    .default("USD")
    .transform((code, ctx) => {
      const normalized = normalizeCurrency(code);
      if (normalized === null) {
        ctx.addIssue({ code: "custom", message: `"${code}" is not an ISO 4217 currency code` });
        return z.NEVER;
      }
      return normalized;
    }),
  /**
   * The store's country (ISO 3166-1 alpha-2, default `CA`, the seeds' store): the country code
   * given to imported phone numbers written without one, when ad-platform exports normalise them
   * to E.164 (docs/api.md, "Export presets").
   */
  STORE_COUNTRY: z
    .string()
    .default("CA")
    .transform((code) => code.trim().toUpperCase())
    .refine(isSupportedCountry, {
      message: "must be an ISO 3166-1 alpha-2 country code such as CA, US or GB",
    })
    .transform((code) => code as CountryCode),
  /**
   * Browser origins allowed to call the API (CORS), comma-separated exact origins such as
   * `https://shop.example.com,http://127.0.0.1:5173`; empty (default): no CORS headers at all.
   * `*` is refused: the API is called with bearer tokens, and a listed origin is a decision.
   */
  CORS_ORIGINS: z
    .string()
    .default("")
    .transform((value, ctx) => {
      const origins: string[] = [];
      for (const entry of value.split(",").map((o) => o.trim())) {
        if (entry === "") continue;
        const reason = corsOriginProblem(entry);
        if (reason !== null) {
          ctx.addIssue({ code: "custom", message: `"${entry}" ${reason}` });
          return z.NEVER;
        }
        origins.push(new URL(entry).origin);
      }
      return [...new Set(origins)];
    }),
  /**
   * How often `rfm serve` looks for scoring schedules whose firing has come (milliseconds): a
   * firing starts within this long of its time.
   */
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  /**
   * A drop folder `rfm serve` imports new files from (docs/import.md, "A drop folder"); unset:
   * none. Relative paths are resolved against the repository root.
   */
  IMPORT_DIR: z
    .string()
    .optional()
    .transform((dir) => (dir === undefined || dir.trim() === "" ? null : resolve(REPO_ROOT, dir.trim()))),
  /** The PostgreSQL database integration tests create their throwaway schemas in. */
  TEST_POSTGRES_URL: databaseUrl("postgres://postgres@127.0.0.1:5432/test"),
  /**
   * Where the facts (customers, orders, scores, membership) live when not in DATABASE_URL's
   * database: a ClickHouse cluster, `clickhouse://host:8123[,host2:8123]/db?cluster=NAME`
   * (docs/clickhouse.md). Unset: in DATABASE_URL's database, as always.
   */
  ANALYTICS_URL: z
    .string()
    .optional()
    .transform((url) => (url === undefined || url.trim() === "" ? null : url.trim()))
    .refine((url) => url === null || /^clickhouses?:\/\//.test(url), {
      message: "must be clickhouse://host:8123[,host2:8123]/database?cluster=NAME",
    }),
  /**
   * The cluster integration tests create their throwaway ClickHouse databases on (the database
   * part is replaced): `npm run clickhouse:local` starts it.
   */
  TEST_CLICKHOUSE_URL: z.string().default("clickhouse://127.0.0.1:8125,127.0.0.1:8126/test?cluster=rfm"),
});

/**
 * Why a `CORS_ORIGINS` entry is not an origin (null when it is): a scheme, a host and an optional
 * port, as a browser sends it in `Origin`, with no path, query, credentials or wildcard.
 */
export function corsOriginProblem(entry: string): string | null {
  if (entry.includes("*")) {
    return "is a wildcard: list each origin (scheme://host[:port]); CORS_ORIGINS allows no wildcard";
  }
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return "is not an origin such as https://shop.example.com or http://127.0.0.1:5173";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must start with http:// or https://";
  if (url.username !== "" || url.password !== "") return "must not carry a user name or password";
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "") {
    return "must be an origin only (scheme://host[:port]), without a path, query or fragment";
  }
  return null;
}

export type Env = z.infer<typeof schema>;

/** Parses a set of variables; throws one error listing every invalid setting. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`invalid configuration: ${problems.join("; ")}`);
  }
  return result.data;
}

export const env: Env = parseEnv(process.env);

/**
 * The environment for a child process we start (the `rfm` command in tests and benchmarks, the
 * Prisma CLI): ours unchanged, so PATH, HOME and the child's own settings pass through, with
 * `extra` on top. Not validated here: the child reads and checks its configuration itself.
 */
export function childEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
