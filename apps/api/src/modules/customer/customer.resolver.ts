import { codeOfIndex } from "@rfm/core";
import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { AppError } from "../../app-error";
import type { Context } from "../../context";
import { lastDayBefore } from "../../days";
import { env } from "../../env";
import { toConnection } from "../common/connection";
import { decodeCursor, encodeCursor } from "../common/cursor";
import { centsToMoney, toMoneyOrNull } from "../common/money.type";
import { registerNodeType } from "../common/node";
import { ProfileArg } from "../profile/profile.args";
import { Segment } from "../segment/segment.type";
import { CustomerPageArgs, SegmentHistoryArgs, TransactionPageArgs } from "./customer.input";
import {
  MAX_LOOKUP_IDS,
  type ScoreRow,
  segmentHistoryPage,
  type TransactionRow,
  transactionsAfter,
} from "./customer.repository";
import { customerByEmail, customerById, customerPage, customersByIds } from "./customer.service";
import {
  Customer,
  CustomerConnection,
  CustomerScore,
  SegmentHistoryConnection,
  type SegmentHistoryEntry,
  TransactionConnection,
} from "./customer.type";
import { segmentsByCode } from "./customer-segment";

type Bins = Parameters<typeof codeOfIndex>[1];

function toScore(
  row: ScoreRow,
  asOf: number,
  segments: readonly (Segment | null)[],
  bins: number,
  currency: string | null,
  timeZone: string,
): CustomerScore {
  const currencyCode = currency ?? env.STORE_CURRENCY;
  return {
    runId: row.runId,
    asOf: new Date(asOf),
    asOfDay: lastDayBefore(asOf, timeZone),
    timeZone,
    recencyDays: row.recencyDays,
    frequency: row.frequency,
    monetary: centsToMoney(row.monetaryCents, currencyCode),
    currencyCode,
    r: row.r,
    f: row.f,
    m: row.m,
    code: codeOfIndex(row.code, bins as Bins),
    segment: segments[row.code] ?? null,
    clv: toMoneyOrNull(row.clv, currencyCode),
  };
}

function toTransactionEdge(row: TransactionRow) {
  const currencyCode = row.currency ?? env.STORE_CURRENCY;
  return {
    cursor: encodeCursor([row.occurredAt, row.id]),
    node: {
      orderId: row.orderId,
      occurredAt: new Date(row.occurredAt),
      amount: centsToMoney(row.amountCents, currencyCode),
      currencyCode,
      lineCount: row.lineCount,
      channel: row.channel,
      province: row.province,
      region: row.region,
      city: row.city,
    },
  };
}

// `node(id: "gid://rfm/Customer/<store id>")`, in the request's profile; batched with every other
// customer lookup of the request.
registerNodeType("Customer", (key, ctx) => customerById(ctx, key));

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => CustomerConnection, {
    description: "Customers of a profile's current run (default: the default profile's), filtered and paged.",
  })
  customers(
    @Ctx() ctx: Context,
    @Args(() => CustomerPageArgs) args: CustomerPageArgs,
    @ProfileArg() profile?: string | null,
  ): Promise<CustomerConnection> {
    return customerPage(ctx, args, profile);
  }

  @Query(() => Customer, {
    nullable: true,
    description:
      "One customer by the store's customer id or its global id (`gid://rfm/Customer/...`); null when there is none.",
  })
  customer(
    @Ctx() ctx: Context,
    @Arg("id", () => ID, { description: "The store's customer id, or the customer's global id." }) id: string,
    @ProfileArg() profile?: string | null,
  ): Promise<Customer | null> {
    return customerById(ctx, id, profile);
  }

  @Query(() => [Customer], {
    nullable: "items",
    description: `Customers by id, at most ${MAX_LOOKUP_IDS}, in one round trip (one database query): in the order asked, repeated ids answered each time, null for an id that names no customer. (Named customersByIds because \`customers\` is the paged list.)`,
  })
  customersByIds(
    @Ctx() ctx: Context,
    @Arg("ids", () => [ID], {
      description: `The store's customer ids (or global ids), at most ${MAX_LOOKUP_IDS}.`,
    })
    ids: string[],
    @ProfileArg() profile?: string | null,
  ): Promise<(Customer | null)[]> {
    return customersByIds(ctx, ids, profile);
  }

  @Query(() => Customer, {
    nullable: true,
    description:
      "The customer with this email, compared case-insensitively (exact otherwise); when several customers share it, the most recently imported one; null when none.",
  })
  customerByEmail(
    @Ctx() ctx: Context,
    @Arg("email", () => String, { description: "The email address, in any letter case." }) email: string,
    @ProfileArg() profile?: string | null,
  ): Promise<Customer | null> {
    return customerByEmail(ctx, email, profile);
  }

  /** The customer's row in the current run of its profile, and that state; null when not scored in it. */
  private async current(customer: Customer, ctx: Context) {
    const view = await ctx.current(customer.profile);
    const run = view.run;
    if (!run || customer.currentRunId !== run.id) return null;
    const row =
      customer.currentScore !== undefined
        ? customer.currentScore
        : await ctx.loaders.score.load(`${run.id}:${customer.internalId}`);
    return row ? { row, run, view } : null;
  }

  @FieldResolver(() => CustomerScore, {
    nullable: true,
    description:
      "Scores in the current run of the profile the customer was read with; null when the customer had no purchase in its window.",
  })
  async score(@Root() customer: Customer, @Ctx() ctx: Context): Promise<CustomerScore | null> {
    const found = await this.current(customer, ctx);
    if (!found) return null;
    const { row, run, view } = found;
    return toScore(
      row,
      run.asOf,
      segmentsByCode(view, customer.profile),
      run.bins,
      run.currency,
      run.timeZone,
    );
  }

  @FieldResolver(() => Segment, {
    nullable: true,
    description:
      "The customer's segment: the published mapping applied to the customer's code in the current run of the profile it was read with; null when the customer is not scored in that run.",
  })
  async segment(@Root() customer: Customer, @Ctx() ctx: Context): Promise<Segment | null> {
    const found = await this.current(customer, ctx);
    return found ? (segmentsByCode(found.view, customer.profile)[found.row.code] ?? null) : null;
  }

  @FieldResolver(() => [CustomerScore], {
    deprecationReason:
      "Use segmentHistory: a connection whose entries keep the segment name each run had; history relabels every run with today's mapping.",
    description:
      "Scores in every complete run of the profile the customer was read with, newest first, with the segment under today's published mapping.",
  })
  async history(@Root() customer: Customer, @Ctx() ctx: Context): Promise<CustomerScore[]> {
    const view = await ctx.current(customer.profile);
    const segments = segmentsByCode(view, customer.profile);
    const rows = await ctx.loaders.history.load(customer.internalId);
    return rows
      .filter((row) => row.profileId === view.mapping.profileId)
      .map((row) =>
        toScore(
          row,
          row.asOf,
          row.bins === view.mapping.compiled.bins ? segments : [],
          row.bins,
          row.currency,
          row.timeZone,
        ),
      );
  }

  @FieldResolver(() => SegmentHistoryConnection, {
    description:
      "The customer's code and segment in each complete run of the profile it was read with, newest as-of first; each segment is named as it was when that run completed, so later renames do not rewrite it.",
  })
  async segmentHistory(
    @Root() customer: Customer,
    @Ctx() ctx: Context,
    @Args(() => SegmentHistoryArgs) { first, after }: SegmentHistoryArgs,
  ) {
    let position: [number, number] | null = null;
    if (after) {
      const [at, id] = decodeCursor(after, 2);
      if (typeof at !== "number" || typeof id !== "number")
        throw new AppError("BAD_USER_INPUT", "not a cursor of this list", { field: "after" });
      position = [at, id];
    }
    const profileId = await ctx.profileId(customer.profile);
    const rows = await segmentHistoryPage(ctx.db, customer.internalId, profileId, position, first + 1);
    const versions = await ctx.loaders.versionNames.loadMany([
      ...new Set(rows.flatMap((row) => (row.mappingVersionId === null ? [] : [row.mappingVersionId]))),
    ]);
    const names = new Map(
      versions.flatMap((version) => (version && !(version instanceof Error) ? [[version.id, version]] : [])),
    );
    const entries = rows.map((row): SegmentHistoryEntry => {
      const code = codeOfIndex(row.code, row.bins as Bins);
      const version = row.mappingVersionId === null ? undefined : names.get(row.mappingVersionId);
      return {
        runId: row.runId,
        asOf: new Date(row.asOf),
        asOfDay: lastDayBefore(row.asOf, row.timeZone),
        code,
        segmentName: version && version.bins === row.bins ? (version.nameOfCode.get(code) ?? null) : null,
        mappingVersion: version?.version ?? null,
        r: row.r,
        f: row.f,
        m: row.m,
        recencyDays: row.recencyDays,
        frequency: row.frequency,
        monetary: centsToMoney(row.monetaryCents, row.currency ?? env.STORE_CURRENCY),
        clv: toMoneyOrNull(row.clv, row.currency ?? env.STORE_CURRENCY),
      };
    });
    return toConnection(entries, first, after, (entry) => encodeCursor([entry.asOf.getTime(), entry.runId]));
  }

  @FieldResolver(() => TransactionConnection, { description: "The customer's orders, newest first." })
  async transactions(
    @Root() customer: Customer,
    @Ctx() ctx: Context,
    @Args(() => TransactionPageArgs) { first, after }: TransactionPageArgs,
  ): Promise<TransactionConnection> {
    let rows: TransactionRow[];
    if (after) {
      const [at, id] = decodeCursor(after, 2);
      if (typeof at !== "number" || typeof id !== "number")
        throw new AppError("BAD_USER_INPUT", "not a cursor of this list", { field: "after" });
      rows = await transactionsAfter(ctx.db, customer.internalId, [at, id], first + 1);
    } else {
      rows = await ctx.loaders.firstTransactions.load(`${customer.internalId}:${first + 1}`);
    }
    const edges = rows.slice(0, first).map(toTransactionEdge);
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: Boolean(after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      totalCount: await ctx.loaders.transactionCount.load(customer.internalId),
    };
  }
}

@Resolver(() => CustomerConnection)
export class CustomerConnectionResolver {
  @FieldResolver(() => Int, { description: "Customers matching the filter, over all pages." })
  totalCount(@Root() connection: CustomerConnection): Promise<number> {
    return connection.count();
  }
}
