import { graphql } from "../../../../graphql/generated";

export const ScoringRunFields = graphql(`
  fragment ScoringRunFields on ScoringRun {
    id
    asOf
    windowFrom
    windowTo
    bins
    monetaryBasis
    status
    current
    customersScored
    transactionsRead
    startedAt
    finishedAt
    durationMs
    error
    warnings
    clvMethod
    phase
  }
`);
