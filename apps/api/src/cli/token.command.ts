import { type Command, Option } from "commander";
import { openDatabase } from "../db/client";
import { env } from "../env";
import { createApiToken, listApiTokens, ROLES, revokeApiToken } from "../modules/auth/token.service";
import { positiveInteger } from "./options";

const when = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC` : "-");

export function registerTokenCommand(program: Command): void {
  const token = program.command("token").description("API tokens: create (shown once), list, revoke.");
  token
    .command("create")
    .description("Create a token and print it; only its hash is stored, so copy it now.")
    .addOption(new Option("--role <role>", "what it may do").choices([...ROLES]).makeOptionMandatory())
    .requiredOption("--name <name>", "who or what holds it (shown in the audit and export logs)")
    .option("--quiet", "print the token alone (for scripts)")
    .action(async (options: { role: string; name: string; quiet?: boolean }) => {
      const db = await openDatabase(env.DATABASE_URL);
      try {
        const created = await createApiToken(db, options);
        process.stdout.write(
          options.quiet
            ? `${created.token}\n`
            : `Token #${created.id} "${created.name}" (${created.role}):\n\n  ${created.token}\n\nIt is shown only now. Send it as: Authorization: Bearer <token>\n`,
        );
      } finally {
        await db.close();
      }
    });
  token
    .command("list")
    .description("Tokens with role, creation, last use and revocation (never the secret).")
    .action(async () => {
      const db = await openDatabase(env.DATABASE_URL);
      try {
        const tokens = await listApiTokens(db);
        if (tokens.length === 0)
          process.stdout.write("No tokens yet: rfm token create --role admin --name you\n");
        for (const t of tokens) {
          process.stdout.write(
            `#${t.id} ${t.name} (${t.role}) created ${when(t.createdAt)}, last used ${when(t.lastUsedAt)}${t.revokedAt ? `, REVOKED ${when(t.revokedAt)}` : ""}\n`,
          );
        }
      } finally {
        await db.close();
      }
    });
  token
    .command("revoke <id>")
    .description("Revoke a token by id (it stops working within 5 seconds).")
    .action(async (id: string) => {
      const db = await openDatabase(env.DATABASE_URL);
      try {
        const done = await revokeApiToken(db, positiveInteger(id));
        process.stdout.write(done ? `Token #${id} revoked.\n` : `No active token #${id}.\n`);
        if (!done) process.exitCode = 1;
      } finally {
        await db.close();
      }
    });
}
