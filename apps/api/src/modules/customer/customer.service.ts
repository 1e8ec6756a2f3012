/**
 * Customer lists and the customer 360, over the current run and the published mapping.
 */

import { type Bins, checkCodes, codeCount, indexOfCode, type SegmentMapping, scoresOfIndex } from "@rfm/core";
import { AppError } from "../../app-error";
import type { Context } from "../../context";
import { decodeCursor, encodeCursor } from "../common/cursor";
import { parseGlobalId } from "../common/node";
import { checkBins } from "../segment/segment.service";
import type { CustomerFilter, CustomerOrder, ScoreRangeInput } from "./customer.input";
import { orderOf } from "./customer.input";
import { lookupKey } from "./customer.loader";
import {
  type CustomerConditions,
  countCustomers,
  findCustomerByEmail,
  listCustomers,
  MAX_LOOKUP_IDS,
} from "./customer.repository";
import { type Customer, type CustomerConnection, toCustomer } from "./customer.type";

/** The segment of a mapping by name, compared trimmed and case-insensitively; NOT_FOUND lists the names. */
export function findSegment(mapping: SegmentMapping, name: string, field = "name") {
  const wanted = name.trim().toLowerCase();
  const segment = mapping.segments.find((s) => s.name.toLowerCase() === wanted);
  if (!segment) {
    const names = mapping.segments.map((s) => s.name);
    throw new AppError("NOT_FOUND", `no segment named "${name}"; segments are: ${names.join(", ")}`, {
      field,
      details: { segments: names },
    });
  }
  return segment;
}

function checkRange(range: ScoreRangeInput | null | undefined, bins: Bins, field: string): [number, number] {
  const min = range?.min ?? 1;
  const max = range?.max ?? bins;
  for (const [value, end] of [
    [min, "min"],
    [max, "max"],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > bins) {
      throw new AppError(
        "BAD_USER_INPUT",
        `${field}.${end} must be a score from 1 to ${bins}, got ${value}`,
        {
          field: `${field}.${end}`,
        },
      );
    }
  }
  if (min > max) throw new AppError("BAD_USER_INPUT", `${field}: min ${min} is above max ${max}`, { field });
  return [min, max];
}

/** Every score condition of a filter as one set of dense code indexes, in code order. */
export function codesOfFilter(
  filter: CustomerFilter | null | undefined,
  mapping: SegmentMapping,
  bins: Bins,
  prefix = "filter",
): number[] {
  const count = codeCount(bins);
  const allowed = new Uint8Array(count).fill(1);
  if (filter?.segment != null) {
    const segment = findSegment(mapping, filter.segment, `${prefix}.segment`);
    const inSegment = new Uint8Array(count);
    for (const code of segment.codes) inSegment[indexOfCode(code, bins)] = 1;
    for (let i = 0; i < count; i++) allowed[i]! &= inSegment[i]!;
  }
  if (filter?.codes != null) {
    const { valid, invalid } = checkCodes(filter.codes, bins);
    if (invalid.length > 0) {
      throw new AppError("BAD_USER_INPUT", `not RFM codes for ${bins} bins: ${invalid.join(", ")}`, {
        field: `${prefix}.codes`,
        details: { codes: invalid },
      });
    }
    const listed = new Uint8Array(count);
    for (const code of valid) listed[indexOfCode(code, bins)] = 1;
    for (let i = 0; i < count; i++) allowed[i]! &= listed[i]!;
  }
  const [r, f, m] = [
    checkRange(filter?.r, bins, `${prefix}.r`),
    checkRange(filter?.f, bins, `${prefix}.f`),
    checkRange(filter?.m, bins, `${prefix}.m`),
  ];
  const codes: number[] = [];
  for (let i = 0; i < count; i++) {
    if (!allowed[i]) continue;
    const [cr, cf, cm] = scoresOfIndex(i, bins);
    if (cr >= r[0] && cr <= r[1] && cf >= f[0] && cf <= f[1] && cm >= m[0] && cm <= m[1]) codes.push(i);
  }
  return codes;
}

/** The filter's other conditions (the search's length is checked by the arguments' validation). */
function conditionsOf(filter: CustomerFilter | null | undefined): CustomerConditions {
  const search = filter?.search?.trim();
  return {
    province: filter?.province ?? null,
    region: filter?.region ?? null,
    search: search || null,
  };
}

const EMPTY_PAGE = { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null };

/** A page of the current run's customers matching `filter` (`first` checked by the arguments' validation). */
export async function customerPage(
  ctx: Context,
  args: {
    filter?: CustomerFilter | null;
    first: number;
    after?: string | null;
    orderBy?: CustomerOrder | null;
  },
  profile?: string | null,
): Promise<CustomerConnection> {
  const first = args.first;
  const { run, mapping } = await ctx.current(profile);
  if (!run?.histogram) {
    // Still check the segment name, so a typo is reported before the first scoring too.
    if (args.filter?.segment != null) findSegment(mapping.compiled, args.filter.segment, "filter.segment");
    return { edges: [], pageInfo: EMPTY_PAGE, count: async () => 0 };
  }
  const bins = run.bins;
  // A segment's codes are the mapping's: they mean nothing under a run of other bins.
  if (args.filter?.segment != null) checkBins(run, mapping);
  const codes = codesOfFilter(args.filter, mapping.compiled, bins);
  const conditions = conditionsOf(args.filter);
  const order = orderOf(args.orderBy);
  const after = args.after ? decodeCursor(args.after, 2) : null;
  if (after && typeof after[1] !== "number") {
    throw new AppError("BAD_USER_INPUT", "not a cursor of this list", { field: "after" });
  }
  const numericSort = order.field !== "ID" && order.field !== "NAME";
  if (after && after[0] !== null && typeof after[0] !== (numericSort ? "number" : "string")) {
    throw new AppError("BAD_USER_INPUT", "the cursor belongs to another ordering", { field: "after" });
  }
  const { rows, total } = await listCustomers(ctx.db, {
    runId: run.id,
    codes,
    conditions,
    orderBy: order.field,
    direction: order.direction,
    first,
    after: after ? [after[0]!, after[1] as number] : null,
    codeCounts: run.histogram.customers,
  });
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({
    cursor: encodeCursor([row.sortValue, row.customer.id]),
    node: toCustomer(row.customer, run.id, row.score, profile),
  }));
  const histogram = run.histogram;
  const filtered = Boolean(conditions.province || conditions.region || conditions.search);
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    count: !filtered
      ? async () => codes.reduce((sum, code) => sum + (histogram.customers[code] ?? 0), 0)
      : total !== null
        ? async () => total
        : after === null && rows.length <= first
          ? // A first page that is not full holds every match: no second scan.
            async () => rows.length
          : () => countCustomers(ctx.db, run.id, codes, conditions),
  };
}

/**
 * The store's id an `id` argument names: a Customer global id (`gid://rfm/Customer/<store id>`)
 * or the store's id itself; null for a global id of another type (it names no customer).
 */
export function externalIdOf(id: string): string | null {
  const parsed = parseGlobalId(id);
  if (parsed === null) return id;
  return parsed.type === "Customer" ? parsed.key : null;
}

/**
 * Customers by id (the store's or global), in the order asked, null for an id that names none;
 * duplicates are answered twice. All of them, with their current scores, come from one
 * statement (the byExternalId loader). BAD_USER_INPUT (field `ids`) above MAX_LOOKUP_IDS.
 */
export async function customersByIds(
  ctx: Context,
  ids: readonly string[],
  profile?: string | null,
  field = "ids",
): Promise<(Customer | null)[]> {
  if (ids.length > MAX_LOOKUP_IDS) {
    throw new AppError(
      "BAD_USER_INPUT",
      `${field} holds ${ids.length} ids; at most ${MAX_LOOKUP_IDS} per call`,
      {
        field,
        details: { max: MAX_LOOKUP_IDS, given: ids.length },
      },
    );
  }
  const { run } = await ctx.current(profile);
  const runId = run?.id ?? null;
  const keys = ids.map((id) => externalIdOf(id));
  const found = await ctx.loaders.byExternalId.loadMany(
    keys.filter((key): key is string => key !== null).map((key) => lookupKey(runId, key)),
  );
  const byKey = new Map<string, Customer | null>();
  for (const result of found) {
    if (result instanceof Error) throw result;
    if (result)
      byKey.set(result.customer.externalId, toCustomer(result.customer, runId, result.score, profile));
  }
  return keys.map((key) => (key === null ? null : (byKey.get(key) ?? null)));
}

/** One customer by id (the store's or global); null when unknown. */
export async function customerById(
  ctx: Context,
  id: string,
  profile?: string | null,
): Promise<Customer | null> {
  const [customer] = await customersByIds(ctx, [id], profile, "id");
  return customer ?? null;
}

/** The customer with an email, case-insensitively; the most recently imported when several share it; null when none. */
export async function customerByEmail(
  ctx: Context,
  email: string,
  profile?: string | null,
): Promise<Customer | null> {
  const { run } = await ctx.current(profile);
  const runId = run?.id ?? null;
  const found = await findCustomerByEmail(ctx.db, email.trim(), runId);
  return found ? toCustomer(found.customer, runId, found.score, profile) : null;
}
