import { type Command, InvalidArgumentError, Option } from "commander";
import { openDatabase } from "../db/client";
import { env } from "../env";
import {
  createApiToken,
  expiryOf,
  formatInstant,
  listApiTokens,
  MAX_EXPIRY_DAYS,
  ROLES,
  revokeApiToken,
  tokenStatus,
} from "../modules/auth/token.service";
import { positiveInteger } from "./options";

const when = (date: Date | null) => (date ? formatInstant(date) : "-");

/** `--expires`: a number of days (`30d`) or the last day the token works (`2027-01-31`, UTC). */
export function expiresOption(value: string): { inDays: number } | { on: string } {
  const days = /^(\d+)d$/.exec(value.trim());
  if (days) return { inDays: Number(days[1]) };
  if (/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return { on: value.trim() };
  throw new InvalidArgumentError(
    `"${value}" is not an expiry: give a number of days (30d, 1d to ${MAX_EXPIRY_DAYS}d) or the last day it works (2027-01-31, UTC).`,
  );
}

export function registerTokenCommand(program: Command): void {
  const token = program.command("token").description("API tokens: create (shown once), list, revoke.");
  token
    .command("create")
    .description("Create a token and print it; only its hash is stored, so copy it now.")
    .addOption(new Option("--role <role>", "what it may do").choices([...ROLES]).makeOptionMandatory())
    .requiredOption("--name <name>", "who or what holds it (shown in the audit and export logs)")
    .option(
      "--expires <when>",
      "when it stops working: in N days (30d) or after a day (2027-01-31, UTC); default never",
      expiresOption,
    )
    .option("--quiet", "print the token alone (for scripts)")
    .action(
      async (options: {
        role: string;
        name: string;
        expires?: { inDays: number } | { on: string };
        quiet?: boolean;
      }) => {
        const expiresAt = options.expires
          ? expiryOf(options.expires, new Date(), { on: "--expires", inDays: "--expires" })
          : null;
        const db = await openDatabase(env.DATABASE_URL);
        try {
          const created = await createApiToken(db, { name: options.name, role: options.role, expiresAt });
          const until = expiresAt ? `It expires on ${formatInstant(expiresAt)}. ` : "";
          process.stdout.write(
            options.quiet
              ? `${created.token}\n`
              : `Token #${created.id} "${created.name}" (${created.role}):\n\n  ${created.token}\n\n${until}It is shown only now. Send it as: Authorization: Bearer <token>\n`,
          );
        } finally {
          await db.close();
        }
      },
    );
  token
    .command("list")
    .description("Tokens with role, creation, last use, expiry and status (never the secret).")
    .action(async () => {
      const db = await openDatabase(env.DATABASE_URL);
      try {
        const tokens = await listApiTokens(db);
        if (tokens.length === 0)
          process.stdout.write("No tokens yet: rfm token create --role admin --name you\n");
        const now = new Date();
        for (const t of tokens) {
          const status = tokenStatus(t, now);
          const state =
            status === "revoked"
              ? `, REVOKED ${when(t.revokedAt)}`
              : status === "expired"
                ? `, EXPIRED ${when(t.expiresAt)}`
                : t.expiresAt
                  ? `, expires ${when(t.expiresAt)}`
                  : "";
          process.stdout.write(
            `#${t.id} ${t.name} (${t.role}) created ${when(t.createdAt)}, last used ${when(t.lastUsedAt)}${state}\n`,
          );
        }
      } finally {
        await db.close();
      }
    });
  token
    .command("revoke <id>")
    .description("Revoke a token by id (a running API stops accepting it within 5 seconds).")
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
