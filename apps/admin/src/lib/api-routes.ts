/** Where the admin sends GraphQL: its own origin, proxied to the API by src/proxy.ts. */
export const GRAPHQL_PATH = "/graphql";
