import { graphql } from "../../../../graphql/generated";

export const ApiTokenFields = graphql(`
  fragment ApiTokenFields on ApiToken {
    id
    number
    name
    role
    status
    createdAt
    lastUsedAt
    expiresAt
    revokedAt
    current
  }
`);

export const ApiTokensQuery = graphql(`
  query ApiTokens($after: String) {
    apiTokens(first: 100, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...ApiTokenFields
        }
      }
    }
  }
`);

export const CreateApiTokenMutation = graphql(`
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      apiToken {
        ...ApiTokenFields
      }
      secret
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const RevokeApiTokenMutation = graphql(`
  mutation RevokeApiToken($input: RevokeApiTokenInput!) {
    revokeApiToken(input: $input) {
      apiToken {
        ...ApiTokenFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
