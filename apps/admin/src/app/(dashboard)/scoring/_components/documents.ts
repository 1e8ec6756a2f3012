import { graphql } from "../../../../graphql/generated";

export const ScoringRunFields = graphql(`
  fragment ScoringRunFields on ScoringRun {
    id
    asOf
    asOfDay
    asOfKnown
    timeZone
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
