import type { Command } from "commander";
import { openDatabase } from "../db/client";
import { env } from "../env";
import { WebhookDispatcher } from "../modules/webhook/dispatcher";
import { createServer } from "../server";
import { describeDatabase } from "./db.command";
import { positiveInteger } from "./options";

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("Serve the GraphQL API, the export and import routes and /healthz over HTTP.")
    .option("--port <n>", `port (default: PORT or ${env.PORT})`, positiveInteger)
    .option("--host <host>", `interface to listen on (default: HOST or ${env.HOST})`)
    .action(async (options: { port?: number; host?: string }) => {
      const db = await openDatabase(env.DATABASE_URL);
      const app = await createServer({ db, logger: { level: "info" } });
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
      process.stdout.write(
        `RFM API on ${address}/graphql (database: ${describeDatabase(db.url)}); create a token with \`npx rfm token create --role admin --name you\`\n`,
      );
    });
}
