/**
 * `rfm profile list|create|update|delete`: scoring profiles (docs/scoring.md, "Profiles").
 * Changes made here are audited with the actor "cli".
 */
import Table from "cli-table3";
import { type Command, InvalidArgumentError, Option } from "commander";
import { openDatabase } from "../db/client";
import { env } from "../env";
import {
  createProfile,
  deleteProfile,
  listProfiles,
  type Profile,
  updateProfile,
} from "../modules/profile/profile.repository";
import type { SettingsInput } from "../modules/profile/profile.settings";
import { positiveInteger } from "./options";

const ACTOR = "cli";

interface SettingsOptions {
  name?: string;
  bins?: string;
  window?: number | false;
  channels?: string | false;
  monetary?: string;
  clv?: string;
  currency?: string | false;
  convert?: boolean;
  thresholds?: string[];
  reseedMapping?: boolean;
}

/** `--thresholds recency=30,60,90`: the dimension's fixed bounds. */
function thresholdsOption(value: string, previous: string[] = []): string[] {
  if (!/^(recency|frequency|monetary)=[^=]+$/.test(value)) {
    throw new InvalidArgumentError(`"${value}" is not DIMENSION=B1,B2,... (recency, frequency or monetary)`);
  }
  return [...previous, value];
}

function settingsOf(options: SettingsOptions): SettingsInput {
  const out: Record<string, unknown> = {};
  if (options.bins !== undefined) out.bins = Number(options.bins);
  if (options.window !== undefined) out.windowDays = options.window === false ? null : options.window;
  if (options.channels !== undefined) {
    out.channels =
      options.channels === false
        ? null
        : options.channels
            .split(",")
            .map((c) => c.trim())
            .filter(Boolean);
  }
  if (options.monetary !== undefined) out.monetaryBasis = options.monetary;
  if (options.clv !== undefined) out.clv = options.clv;
  if (options.currency !== undefined) out.currency = options.currency === false ? null : options.currency;
  if (options.convert !== undefined) out.convert = options.convert;
  if (options.thresholds) {
    const methods: Record<string, unknown> = {};
    for (const t of options.thresholds) {
      const [dimension, list] = t.split("=") as [string, string];
      methods[dimension] = { kind: "thresholds", bounds: list.split(",").map(Number) };
    }
    out.methods = methods;
  }
  return out as SettingsInput;
}

function describe(profile: Profile): string[] {
  const s = profile.settings;
  const methods = (["recency", "frequency", "monetary"] as const)
    .map((d) => {
      const m = s.methods[d];
      return m.kind === "thresholds" ? `${d[0]!.toUpperCase()} [${m.bounds.join(", ")}]` : null;
    })
    .filter(Boolean);
  return [
    profile.key + (profile.isDefault ? " (default)" : ""),
    profile.name,
    String(s.bins),
    s.windowDays === null ? "all" : `${s.windowDays} days`,
    s.channels === null ? "all" : s.channels.join(", "),
    s.monetaryBasis,
    methods.length === 0 ? "quantile" : methods.join("; "),
    s.clv,
    s.currency ?? "-",
  ];
}

function printProfiles(profiles: readonly Profile[]): void {
  const table = new Table({
    head: ["Key", "Name", "Bins", "Window", "Channels", "Monetary", "Thresholds", "CLV", "Currency"],
    style: { head: [], border: [] },
  });
  for (const p of profiles) table.push(describe(p));
  process.stdout.write(`${table.toString()}\n`);
}

function settingsOptions(command: Command): Command {
  return command
    .addOption(
      new Option("--bins <n>", "score levels per dimension, 2-9").choices([
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
      ]),
    )
    .option("--window <days>", "only orders of the last DAYS days up to the as-of date", positiveInteger)
    .option("--no-window", "every order (no window)")
    .option("--channels <list>", "only transactions of these channels, comma-separated (such as online)")
    .option("--no-channels", "every channel")
    .addOption(new Option("--monetary <basis>", "what M scores").choices(["total", "mean-order"]))
    .addOption(new Option("--clv <method>", "customer lifetime value").choices(["model", "historic", "none"]))
    .option("--currency <code>", "ISO 4217 currency of the amounts scored (such as EUR)")
    .option("--no-currency", "the store's one currency")
    .option("--convert", "convert orders in other currencies into --currency at imported exchange rates")
    .option("--no-convert", "leave orders in other currencies out (counted on each run)")
    .option(
      "--thresholds <dimension=bounds>",
      "fixed thresholds for a dimension, e.g. recency=30,90,180 (repeatable; bins - 1 bounds)",
      thresholdsOption,
    );
}

export function registerProfileCommand(program: Command): void {
  const profile = program
    .command("profile")
    .description("Scoring profiles: named scoring settings, each with its own mapping and current run.");

  profile
    .command("list")
    .description("List the scoring profiles.")
    .action(async () => {
      const db = await openDatabase(env.DATABASE_URL);
      try {
        printProfiles(await listProfiles(db));
      } finally {
        await db.close();
      }
    });

  settingsOptions(
    profile
      .command("create <key>")
      .description("Create a profile (its mapping starts as the preset of its bins, published as version 1).")
      .requiredOption("--name <name>", "the name people see"),
  ).action(async (key: string, options: SettingsOptions) => {
    const db = await openDatabase(env.DATABASE_URL);
    try {
      const created = await createProfile(db, ACTOR, {
        key,
        name: options.name!,
        settings: settingsOf(options),
      });
      process.stdout.write(
        `Created profile ${created.key}. Score it with: rfm score --profile ${created.key}\n`,
      );
      printProfiles([created]);
    } finally {
      await db.close();
    }
  });

  settingsOptions(
    profile
      .command("update <key>")
      .description("Change a profile's name or settings (used from its next run).")
      .option("--name <name>", "a new name")
      .option("--reseed-mapping", "when bins change: publish the preset mapping of the new bins"),
  ).action(async (key: string, options: SettingsOptions) => {
    const db = await openDatabase(env.DATABASE_URL);
    try {
      const updated = await updateProfile(db, ACTOR, {
        key,
        ...(options.name === undefined ? {} : { name: options.name }),
        settings: settingsOf(options),
        reseedMapping: options.reseedMapping === true,
      });
      printProfiles([updated]);
    } finally {
      await db.close();
    }
  });

  profile
    .command("delete <key>")
    .description("Delete a profile without scoring runs (never the default).")
    .action(async (key: string) => {
      const db = await openDatabase(env.DATABASE_URL);
      try {
        await deleteProfile(db, ACTOR, key);
        process.stdout.write(`Deleted profile ${key}.\n`);
      } finally {
        await db.close();
      }
    });
}
