import { resolve } from "node:path";
import type { Command } from "commander";
import { openDatabase } from "../db/client";
import { env } from "../env";
import { describeDatabase } from "./db.command";
import { positiveInteger } from "./options";

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description(
      "Serve the GraphQL API, the export and import routes and /healthz over HTTP; run the scoring schedules, and imports from a drop folder.",
    )
    .option("--port <n>", `port (default: PORT or ${env.PORT})`, positiveInteger)
    .option("--host <host>", `interface to listen on (default: HOST or ${env.HOST})`)
    .option(
      "--no-scheduler",
      "do not run the scoring schedules in this process (rfm schedule list shows them)",
    )
    .option(
      "--import-dir <dir>",
      "import new files dropped in this folder, then move them aside (default: IMPORT_DIR)",
    )
    .action(async (options: { port?: number; host?: string; scheduler: boolean; importDir?: string }) => {
      const importDir = options.importDir === undefined ? env.IMPORT_DIR : resolve(options.importDir);
      // The server (GraphQL schema, resolvers, Fastify) loads only for this command: every other
      // command of the CLI starts without it, in about half the time.
      const [{ createServer }, { WebhookDispatcher }, { catchUpMembership }] = await Promise.all([
        import("../server"),
        import("../modules/webhook/dispatcher"),
        import("../modules/membership/membership.service"),
      ]);
      const db = await openDatabase(env.DATABASE_URL);
      const app = await createServer({
        db,
        logger: { level: "info" },
        scheduler: options.scheduler ? { intervalMs: env.SCHEDULER_INTERVAL_MS } : false,
        importFolder: importDir === null ? null : { dir: importDir, intervalMs: env.SCHEDULER_INTERVAL_MS },
      });
      // Webhook deliveries: from the outbox in this database, alongside the API (docs/webhooks.md).
      const webhooks = new WebhookDispatcher({ db, onError: (error) => app.log.error(error, "webhooks") });
      const stop = async (signal: string) => {
        app.log.info(`${signal}: finishing requests, webhook deliveries and running scoring, then stopping`);
        await webhooks.stop();
        await app.close();
        await db.close();
        process.exit(0);
      };
      process.once("SIGINT", () => void stop("SIGINT"));
      process.once("SIGTERM", () => void stop("SIGTERM"));
      webhooks.start();
      const address = await app.listen({ port: options.port ?? env.PORT, host: options.host ?? env.HOST });
      // Membership changes a crash left unrecorded (or not yet in the webhook outbox) are caught up
      // in the background: usually a no-op read per profile, a full recording after an upgrade.
      void catchUpMembership(db).catch((error: unknown) =>
        app.log.warn({ err: error }, "segment membership catch-up failed; the next run or publish retries"),
      );
      process.stdout.write(
        `RFM API on ${address}/graphql (database: ${describeDatabase(db.url)}); create a token with \`npx rfm token create --role admin --name you\`\n`,
      );
    });
}
