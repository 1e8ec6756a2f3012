/** searchCustomers: the ranked candidates of the index tiers, read with their current scores. */
import type { Context } from "../../context";
import { findCustomersByExternalIds } from "./customer.repository";
import { type Customer, toCustomer } from "./customer.type";
import {
  type MatchField,
  type MatchKind,
  normaliseSearch,
  searchCustomerCandidates,
} from "./customer-search.repository";

export interface SearchHit {
  readonly customer: Customer;
  readonly match: MatchKind;
  readonly field: MatchField;
}

/** The best `first` customers for `query`, every customer searched (scored in the profile's run or not). */
export async function searchCustomers(
  ctx: Context,
  query: string,
  first: number,
  profile?: string | null,
): Promise<SearchHit[]> {
  const text = normaliseSearch(query);
  // The profile is resolved (NOT_FOUND when unknown) even for a blank search.
  const { run } = await ctx.current(profile);
  if (text === "") return [];
  const candidates = await searchCustomerCandidates(ctx.db, text, first);
  const runId = run?.id ?? null;
  const rows = await findCustomersByExternalIds(
    ctx.db,
    candidates.map((c) => c.externalId),
    runId,
  );
  return candidates.flatMap((candidate) => {
    const row = rows.get(candidate.externalId);
    if (!row) return []; // deleted between the two reads
    return [
      {
        customer: toCustomer(row.customer, runId, row.score, profile),
        match: candidate.kind,
        field: candidate.field,
      },
    ];
  });
}
