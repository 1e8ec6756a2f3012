/**
 * Saved audiences and the audience pickers' known values, over the audience compiler: a saved
 * definition is compiled on save (so a typo is refused then) and on every use (so a segment
 * deleted since is reported by name, not silently read as "everyone").
 */
import { AppError } from "../../app-error";
import type { Context } from "../../context";
import type { Database } from "../../db/client";
import { factsStoreOf } from "../../db/facts";
import type { AreaColumn, AreaValue } from "../../db/facts/audiences";
import { countCustomers } from "../customer/customer.repository";
import { compileAudience, countFromHistogram } from "./audience.compile";
import type { AudienceFilter } from "./audience.filter";
import { summariseFilter } from "./audience.filter";
import { queryOfFilter } from "./audience.params";
import { AreaField, type SavedAudience } from "./audience.type";
import { type SavedAudienceRecord, writeSavedAudience } from "./saved-audience.repository";

/** The most distinct values `areaValues` returns. */
export const MAX_AREA_VALUES = 1_000;

const AREA_COLUMNS: Readonly<Record<AreaField, AreaColumn>> = {
  [AreaField.PROVINCE]: "province",
  [AreaField.REGION]: "region",
  [AreaField.CITY]: "city",
};

/**
 * The stored values of an area field with their customers, in value order, at most `first`,
 * counted in the facts store (db/facts/audiences.ts: an index pass on SQLite and PostgreSQL,
 * off the server's thread on SQLite; the shards' latest customer rows on ClickHouse).
 */
export function areaValues(db: Database, field: AreaField, first: number): Promise<AreaValue[]> {
  const limit = Math.min(Math.max(1, Math.trunc(first)), MAX_AREA_VALUES);
  return factsStoreOf(db).audiences.areaValues(AREA_COLUMNS[field], limit);
}

/** The GraphQL object of a saved audience read in a profile. */
export function toSavedAudience(record: SavedAudienceRecord, profile: string | null): SavedAudience {
  return {
    internalId: record.id,
    filter: record.filter,
    profile,
    name: record.name,
    version: record.version,
    filterJson: JSON.stringify(record.filter),
    parameters: queryOfFilter(record.filter),
    summary: summariseFilter(record.filter),
    note: record.note,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
  };
}

/** Customers of an audience in the profile's current view, as `customers(filter:) { totalCount }` counts them. */
export async function countAudience(
  ctx: Context,
  filter: AudienceFilter,
  profile: string | null,
  prefix = "filter",
): Promise<number> {
  const audience = await compileAudience(ctx.db, await ctx.current(profile), filter, prefix);
  if (!audience) return 0;
  return (
    countFromHistogram(audience) ??
    (await countCustomers(ctx.db, audience.run.id, audience.codes, {
      sql: audience.sql,
      readsCustomer: audience.readsCustomer,
      search: audience.search,
    }))
  );
}

/** Checks the definition in the profile (as `customers(filter:)` would), then saves a version of it. */
export async function saveAudience(
  ctx: Context,
  input: { profile?: string | null; name: string; filter: AudienceFilter; note?: string | null },
): Promise<SavedAudience> {
  const profile = input.profile ?? null;
  const profileId = await ctx.profileId(profile);
  const view = await ctx.current(profile);
  const compiled = await compileAudience(ctx.db, view, input.filter, "filter");
  if (compiled?.filter.run != null) {
    throw new AppError(
      "BAD_USER_INPUT",
      "a saved audience reads the current run when used: leave out run (movedFrom may name an earlier run)",
      { field: "filter.run" },
    );
  }
  const record = await writeSavedAudience(ctx.db, ctx.principal.name, profileId, {
    name: input.name,
    // Segments by key (as compiled): the audience survives a segment's rename.
    filter: compiled?.filter ?? input.filter,
    note: input.note ?? null,
  });
  return toSavedAudience(record, profile);
}
