import { codeOfIndex } from "@rfm/core";
import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { AppError } from "../../app-error";
import type { Context } from "../../context";
import { lastDayBefore } from "../../days";
import { env } from "../../env";
import { decodeCursor, encodeCursor } from "../common/cursor";
import { ProfileArg } from "../profile/profile.args";
import { CustomerPageArgs, TransactionPageArgs } from "./customer.input";
import { type ScoreRow, type TransactionRow, transactionsAfter } from "./customer.repository";
import { customerById, customerPage } from "./customer.service";
import { Customer, CustomerConnection, CustomerScore, TransactionConnection } from "./customer.type";

function toScore(
  row: ScoreRow,
  asOf: number,
  ctxMapping: Awaited<ReturnType<Context["current"]>>["mapping"],
  bins: number,
  currency: string | null,
  timeZone: string,
): CustomerScore {
  const compiled = ctxMapping.compiled;
  const segment =
    compiled.bins === bins ? (compiled.segments[compiled.segmentOfCode[row.code] ?? -1]?.name ?? "") : "";
  return {
    runId: row.runId,
    asOf: new Date(asOf),
    asOfDay: lastDayBefore(asOf, timeZone),
    timeZone,
    recencyDays: row.recencyDays,
    frequency: row.frequency,
    monetary: row.monetaryCents / 100,
    currencyCode: currency ?? env.STORE_CURRENCY,
    r: row.r,
    f: row.f,
    m: row.m,
    code: codeOfIndex(row.code, bins as Parameters<typeof codeOfIndex>[1]),
    segment,
    clv: row.clv,
  };
}

function toTransactionEdge(row: TransactionRow) {
  return {
    cursor: encodeCursor([row.occurredAt, row.id]),
    node: {
      orderId: row.orderId,
      occurredAt: new Date(row.occurredAt),
      amount: row.amountCents / 100,
      currencyCode: row.currency ?? env.STORE_CURRENCY,
      lineCount: row.lineCount,
      channel: row.channel,
      province: row.province,
      region: row.region,
      city: row.city,
    },
  };
}

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

  @Query(() => Customer, { description: "One customer by the store's customer id; NOT_FOUND when unknown." })
  customer(
    @Ctx() ctx: Context,
    @Arg("id", () => ID, { description: "The store's customer id." }) id: string,
    @ProfileArg() profile?: string | null,
  ): Promise<Customer> {
    return customerById(ctx, id, profile);
  }

  @FieldResolver(() => CustomerScore, {
    nullable: true,
    description:
      "Scores in the current run of the profile the customer was read with; null when the customer had no purchase in its window.",
  })
  async score(@Root() customer: Customer, @Ctx() ctx: Context): Promise<CustomerScore | null> {
    const { run, mapping } = await ctx.current(customer.profile);
    if (!run || customer.currentRunId !== run.id) return null;
    const row =
      customer.currentScore !== undefined
        ? customer.currentScore
        : await ctx.loaders.score.load(`${run.id}:${customer.internalId}`);
    return row ? toScore(row, run.asOf, mapping, run.bins, run.currency, run.timeZone) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The segment under the published mapping in the current run; null when not scored.",
  })
  async segment(@Root() customer: Customer, @Ctx() ctx: Context): Promise<string | null> {
    return (await this.score(customer, ctx))?.segment ?? null;
  }

  @FieldResolver(() => [CustomerScore], {
    description:
      "Scores in every complete run of the profile the customer was read with, newest first, with the segment under its published mapping.",
  })
  async history(@Root() customer: Customer, @Ctx() ctx: Context): Promise<CustomerScore[]> {
    const { mapping } = await ctx.current(customer.profile);
    const rows = await ctx.loaders.history.load(customer.internalId);
    return rows
      .filter((row) => row.profileId === mapping.profileId)
      .map((row) => toScore(row, row.asOf, mapping, row.bins, row.currency, row.timeZone));
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
