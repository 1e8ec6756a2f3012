import { Args, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { ProfileArg } from "../profile/profile.args";
import { searchCustomers } from "./customer-search.service";
import { CustomerSearchArgs, CustomerSearchHit } from "./customer-search.type";

@Resolver(() => CustomerSearchHit)
export class CustomerSearchResolver {
  @Query(() => [CustomerSearchHit], {
    description:
      'Customers whose id, name or email matches the text, across all customers (scored or not), best first: exact, then prefix, then a later word of the name, then anywhere (3 characters or more); case-insensitive. Served by indexes (docs/storage.md, "Finding a customer").',
  })
  searchCustomers(
    @Ctx() ctx: Context,
    @Args(() => CustomerSearchArgs) { query, first }: CustomerSearchArgs,
    @ProfileArg() profile?: string | null,
  ): Promise<CustomerSearchHit[]> {
    return searchCustomers(ctx, query, first, profile) as Promise<CustomerSearchHit[]>;
  }
}
