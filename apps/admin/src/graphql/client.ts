import { Client, cacheExchange, fetchExchange, mapExchange } from "urql";
import { GRAPHQL_PATH } from "../lib/api-routes";
import { isUnauthenticated } from "./errors";

export interface ClientOptions {
  /** The API token sent as `Authorization: Bearer <token>`. */
  token: string;
  /** Called once when the API rejects the token (wrong, revoked or expired). */
  onUnauthenticated?: () => void;
  /**
   * The scoring profile (key) every query reads, sent as `X-Rfm-Profile`: the API uses it where
   * an operation names no `profile` argument. Null: the default profile.
   */
  profile?: string | null;
}

/**
 * The admin's GraphQL client. It talks to this app's own origin (`/graphql`, proxied to the
 * API by next.config.ts), sends the token on every request, and reports a rejected token so
 * the session can send the user back to sign-in. One client per profile: switching profile
 * makes a new client, so no answer cached for one profile is shown for another.
 */
export function createClient({ token, onUnauthenticated, profile = null }: ClientOptions): Client {
  let reported = false;
  return new Client({
    url: GRAPHQL_PATH,
    preferGetMethod: false,
    // Show what is cached at once and refresh it: a publish or a scoring run elsewhere changes
    // figures that no mutation result here would invalidate.
    requestPolicy: "cache-and-network",
    fetchOptions: () => ({
      headers: { authorization: `Bearer ${token}`, ...(profile ? { "x-rfm-profile": profile } : {}) },
    }),
    exchanges: [
      mapExchange({
        onError(error) {
          if (!reported && onUnauthenticated && isUnauthenticated(error)) {
            reported = true;
            onUnauthenticated();
          }
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
  });
}
