/**
 * The HTTP server: `/graphql` (Apollo Server 5 on Fastify), `/exports/...`, `/imports/...` and
 * `/healthz`. `createServer()` builds it without listening, so tests and `rfm serve` choose
 * the port (tests use 0).
 *
 * Limits: GraphQL bodies up to 1 MiB; 5,000 tokens per document (graphql-js's parser); depth 10
 * (the deepest real query is 8; `__schema` introspection is exempt), cost 20,000, 20 aliases, 20
 * directives (graphql-armor); no NUL in string arguments (nul-arguments.ts); pages of at most 200
 * (the arguments' validation checks it); every route's query string checked by its schema
 * (http/query-schemas.ts). Errors carry `extensions.code` and never a stack trace: `formatError`
 * and the one Fastify error handler both translate through the error table (errors.ts), and
 * every refusal is a 4xx.
 */
import "reflect-metadata";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import fastifyApollo, { fastifyApolloDrainPlugin } from "@as-integrations/fastify";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import fastifyCors from "@fastify/cors";
import { storeCalendar } from "@rfm/core";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { type AppServices, type Context, createContext } from "./context";
import type { Database } from "./db/client";
import { env } from "./env";
import {
  AppError,
  formatError,
  handleHttpError,
  isServerFailure,
  refusedRequestStatus,
  toClientError,
} from "./errors";
import { bearerToken } from "./http/auth";
import { registerChangeRoutes } from "./http/changes.route";
import { registerExportRoutes } from "./http/exports.route";
import { registerImportRoutes } from "./http/imports.route";
import { AJV_OPTIONS, NO_QUERY, requireQuerySchema } from "./http/query-schemas";
import { AnalyticsCache } from "./modules/analytics/analytics.repository";
import { type Principal, TokenVerifier } from "./modules/auth/token.service";
import { ExportSigner } from "./modules/export/export.signing";
import { ImportFolder } from "./modules/schedule/import-folder";
import { Scheduler } from "./modules/schedule/scheduler";
import { ScoringJobs } from "./modules/scoring/scoring.jobs";
import { CurrentState } from "./modules/segment/current";
import { rejectNulArguments } from "./nul-arguments";
import { getSchema } from "./schema";

declare module "fastify" {
  interface FastifyRequest {
    /** The caller, once its token is verified; null on `/healthz` and signed export URLs. */
    principal: Principal | null;
  }
}

export interface ServerOptions {
  readonly db: Database;
  /** Fastify's logger option (default: off; `rfm serve` turns it on). */
  readonly logger?: FastifyServerOptions["logger"];
  /** Compute the dashboard's sales figures in the background at start (default true). */
  readonly warmUp?: boolean;
  /** The store's time zone (default: `STORE_TIME_ZONE`). */
  readonly timeZone?: string;
  /** Browser origins allowed to call the API (default: `CORS_ORIGINS`; empty: no CORS headers). */
  readonly corsOrigins?: readonly string[];
  /**
   * Run the scoring schedules (modules/schedule/scheduler.ts) while the server is up, looking
   * for due firings every `intervalMs`; default off (`rfm serve` turns it on; tests start a
   * Scheduler themselves).
   */
  readonly scheduler?: { readonly intervalMs: number } | false;
  /** Import new files from this drop folder while the server is up (modules/schedule/import-folder.ts); default none. */
  readonly importFolder?: { readonly dir: string; readonly intervalMs: number } | null;
}

/** How long a browser may cache a preflight's answer (seconds): one preflight per origin and hour. */
export const CORS_MAX_AGE = 3600;

/**
 * CORS for the listed origins (docs/api.md, "Calling from a browser"). Registered before the
 * authentication hook, so a preflight (OPTIONS, which carries no token) is answered by the
 * plugin's own onRequest hook without reaching it. An unlisted origin gets no
 * `Access-Control-Allow-Origin`, and its browser blocks the call. Credentials (cookies) are
 * never allowed: callers send `Authorization: Bearer`, which needs none.
 */
async function registerCors(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  await app.register(fastifyCors, {
    origin: [...origins],
    methods: ["GET", "POST"],
    allowedHeaders: ["Authorization", "Content-Type", "X-Rfm-Profile"],
    exposedHeaders: ["Content-Disposition", "Content-Length"],
    credentials: false,
    maxAge: CORS_MAX_AGE,
    strictPreflight: true,
  });
}

export const GRAPHQL_BODY_LIMIT = 1024 * 1024;
/** Tokens per GraphQL document; more is refused while parsing (400, reason GRAPHQL_PARSE_FAILED). */
export const MAX_TOKENS = 5_000;

/** Logs failures of ours (masked or not), so the cause is on the server, not the client. */
function logFailures(app: FastifyInstance): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (isServerFailure(toClientError(original)))
              app.log.error({ err: original }, "GraphQL resolver failed");
          }
        },
      };
    },
  };
}

/**
 * A request refused before it ran answers with its error's 4xx status: Apollo gives 500 to an
 * error thrown by a plugin hook (graphql-armor's token limit, our NUL check) whatever its code.
 * An operation that ran keeps GraphQL's 200 with `errors` beside `data`.
 */
function refusalStatus(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== "single") return;
          const { data, errors } = response.body.singleResult;
          // Apollo's own 4xx (405 for a mutation over GET, 400 for a validation failure) stand.
          if (data !== undefined || !errors || (response.http.status ?? 500) < 500) return;
          const status = refusedRequestStatus(errors);
          if (status !== null) response.http.status = status;
        },
      };
    },
  };
}

/** The `X-Rfm-Profile` header: the request's scoring profile where no `profile` argument names one. */
export const PROFILE_HEADER = "x-rfm-profile";

function requestProfileOf(request: {
  headers: Record<string, string | string[] | undefined>;
}): string | null {
  const value = request.headers[PROFILE_HEADER];
  const key = Array.isArray(value) ? value[0] : value;
  return key === undefined || key.trim() === "" ? null : key.trim();
}

export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const { db } = options;
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: GRAPHQL_BODY_LIMIT, ajv: AJV_OPTIONS });
  const state = new CurrentState(db);
  const timeZone = storeCalendar(options.timeZone ?? env.STORE_TIME_ZONE).timeZone;
  const analytics = new AnalyticsCache(db, timeZone);
  const services: AppServices = {
    db,
    timeZone,
    state,
    analytics,
    tokens: new TokenVerifier(db),
    signer: new ExportSigner(),
    scoring: new ScoringJobs(db, () => state.invalidate()),
  };

  const armor = new ApolloArmor({
    maxDepth: { n: 10 },
    costLimit: { maxCost: 20_000 },
    maxAliases: { n: 20 },
    // The token limit is graphql-js's own (`parseOptions` below): armor's throws from a plugin
    // hook, which Apollo answers with HTTP 500, and parses every query a second time.
    maxTokens: { enabled: false },
    maxDirectives: { n: 20 },
    blockFieldSuggestion: { enabled: false },
  });
  const protection = armor.protect();
  const apollo = new ApolloServer<Context>({
    schema: await getSchema(),
    ...protection,
    parseOptions: { maxTokens: MAX_TOKENS },
    // No HTTP caching of GraphQL answers (they depend on the token), so no per-field cache hints.
    plugins: [
      ...protection.plugins,
      ApolloServerPluginCacheControlDisabled(),
      fastifyApolloDrainPlugin(app),
      logFailures(app),
      rejectNulArguments(),
      refusalStatus(),
    ],
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: true,
  });
  await apollo.start();

  app.setErrorHandler(handleHttpError);
  // No route may ignore a query parameter it does not know: each must declare its schema.
  app.addHook("onRoute", requireQuerySchema);
  app.decorateRequest("principal", null);
  // Before the authentication hook: hooks run in the order they are added.
  await registerCors(app, options.corsOrigins ?? env.CORS_ORIGINS);
  app.addHook("onRequest", async (request) => {
    const path = request.url.split("?")[0] ?? "";
    if (path === "/healthz") return;
    const secret = bearerToken(request);
    if (secret !== null) {
      request.principal = await services.tokens.verify(secret);
      if (request.principal) return;
      throw new AppError("UNAUTHENTICATED", "the token is not valid (unknown, revoked or mistyped)");
    }
    // Signed export URLs are checked by the export route itself.
    if (request.method === "GET" && path.startsWith("/exports/") && /[?&]sig=/.test(request.url)) return;
    throw new AppError(
      "UNAUTHENTICATED",
      "send an API token: Authorization: Bearer <token> (rfm token create)",
    );
  });

  app.setNotFoundHandler((request) => {
    throw new AppError("NOT_FOUND", `no route ${request.method} ${request.url.split("?")[0]}`);
  });
  app.get("/healthz", { schema: { querystring: NO_QUERY } }, async () => ({ ok: true }));
  await app.register(fastifyApollo(apollo), {
    context: async (request) => createContext(services, request.principal!, requestProfileOf(request)),
  });
  registerExportRoutes(app, services);
  registerChangeRoutes(app, services);
  registerImportRoutes(app, services);

  if (options.scheduler) {
    const scheduler = new Scheduler({
      db,
      startRun: (run) => services.scoring.start(run),
      storeTimeZone: timeZone,
      intervalMs: options.scheduler.intervalMs,
      onError: (error) => app.log.error({ err: error }, "scheduler: a tick failed"),
      onFiring: (firing) =>
        firing.runId === null
          ? app.log.warn(firing, `scheduler: schedule ${firing.scheduleId} could not start its run`)
          : app.log.info(firing, `scheduler: schedule ${firing.scheduleId} started run ${firing.runId}`),
    });
    app.addHook("onReady", async () => scheduler.start());
    // Before the scoring jobs are waited for: no firing starts a run once closing has begun.
    app.addHook("onClose", async () => scheduler.stop());
  }
  if (options.importFolder) {
    const folder = new ImportFolder({
      db,
      dir: options.importFolder.dir,
      intervalMs: options.importFolder.intervalMs,
      onError: (error) => app.log.error({ err: error }, "import folder: a look at the folder failed"),
      onImported: ({ summary, ...file }) =>
        file.error === null
          ? app.log.info({ ...file, ...summary }, `import folder: imported ${file.file}`)
          : app.log.warn(file, `import folder: could not import ${file.file}`),
    });
    app.addHook("onReady", async () => folder.start());
    app.addHook("onClose", async () => folder.stop());
  }
  app.addHook("onClose", async () => {
    await services.scoring.idle();
  });
  if (options.warmUp !== false) {
    // The first dashboard should not wait for the scan of every transaction.
    void analytics
      .sales()
      .catch((error: unknown) => app.log.warn({ err: error }, "analytics warm-up failed"));
  }
  return app;
}
