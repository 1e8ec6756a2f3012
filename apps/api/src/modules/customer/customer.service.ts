/**
 * Customer lists and the customer 360, over the current run and the published mapping.
 */

import { AppError } from "../../app-error";
import type { Context } from "../../context";
import { compileAudience, countFromHistogram, findSegment } from "../audience/audience.compile";
import { decodeCursor, encodeCursor } from "../common/cursor";
import { parseGlobalId } from "../common/node";
import type { CustomerFilter, CustomerOrder } from "./customer.input";
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

/** The segment of a mapping by key or name (audience.compile.ts); NOT_FOUND lists them. */
export { findSegment };

const EMPTY_PAGE = { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null };

/**
 * A page of the customers of an audience (`filter`: default the current run's customers), and
 * their count: both read the conditions compiled once by `compileAudience`, as the export does.
 * `first` is checked by the arguments' validation.
 */
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
  const view = await ctx.current(profile);
  const audience = await compileAudience(ctx.db, view, args.filter);
  if (!audience) return { edges: [], pageInfo: EMPTY_PAGE, count: async () => 0 };
  const { run, codes } = audience;
  const conditions: CustomerConditions = {
    sql: audience.sql,
    readsCustomer: audience.readsCustomer,
    search: audience.search,
  };
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
    ...(run.histogram ? { codeCounts: run.histogram.customers } : {}),
  });
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({
    cursor: encodeCursor([row.sortValue, row.customer.id]),
    node: toCustomer(row.customer, run.id, row.score, profile),
  }));
  const fromHistogram = countFromHistogram(audience);
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    count:
      fromHistogram !== null
        ? async () => fromHistogram
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
