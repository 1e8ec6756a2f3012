import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  migrationsDir,
  PRISMA_DIR,
  PROVIDERS,
  readModels,
  renderSchema,
  schemaPath,
} from "../../../../prisma/build-schemas";
import { importIndexes } from "./indexes";

// The committed files derived from prisma/models.prisma must be what the scripts produce.
describe.each(PROVIDERS)("prisma/%s", (provider) => {
  it("schema.prisma is models.prisma rendered for the provider (run npm run db:generate)", () => {
    expect(readFileSync(schemaPath(provider), "utf8")).toBe(renderSchema(provider, readModels()));
  });

  it("has a migration lock for the provider and the same migration names as every other provider", () => {
    expect(readFileSync(join(migrationsDir(provider), "migration_lock.toml"), "utf8")).toContain(
      `provider = "${provider}"`,
    );
    const names = (p: string) =>
      readdirSync(migrationsDir(p as typeof provider), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
    for (const other of PROVIDERS) expect(names(provider)).toEqual(names(other));
    for (const name of names(provider)) {
      expect(existsSync(join(migrationsDir(provider), name, "migration.sql"))).toBe(true);
    }
  });

  it("rebuilds a suspended index exactly as the migrations create it", () => {
    const sql = readdirSync(migrationsDir(provider), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => readFileSync(join(migrationsDir(provider), entry.name, "migration.sql"), "utf8"))
      .join("\n");
    for (const index of importIndexes(provider)) {
      // The migrations' statement, with or without IF NOT EXISTS.
      const statements = [`${index.create};`, `${index.create.replace(/IF NOT EXISTS /g, "")};`];
      expect(
        statements.some((statement) => sql.includes(statement)),
        index.name,
      ).toBe(true);
    }
  });
});

it("every change to prisma/models.prisma has a migration (run npm run db:migration:new -- <name>)", () => {
  expect(readFileSync(join(PRISMA_DIR, "models.migrated.prisma"), "utf8")).toBe(readModels());
});
