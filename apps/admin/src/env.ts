/**
 * The one place the admin reads configuration: every setting is validated here, and nothing
 * else reads `process.env`.
 *
 * Read on the server only: `next.config.ts` checks them when `next build`, `next start` or
 * `next dev` starts (a bad value stops it there), and `src/proxy.ts` reads them on every
 * proxied request, so RFM_API_URL takes effect when `next start` starts, not when the app was
 * built. The browser never sees them: it only talks to the admin's own origin.
 */
import { z } from "zod";

export const DEFAULT_API_URL = "http://127.0.0.1:4000";

const schema = z.object({
  /** Origin of the GraphQL API (`rfm serve`); `/graphql`, `/exports/*`, `/imports/*` are proxied to it. */
  RFM_API_URL: z
    .string()
    .default(DEFAULT_API_URL)
    .transform((url) => url.trim().replace(/\/+$/, ""))
    .refine((url) => /^https?:\/\/[^/]+$/.test(url), {
      message: "must be an origin such as http://127.0.0.1:4000 (scheme, host, optional port, no path)",
    }),
});

export type Env = z.infer<typeof schema>;

/** Parses a set of variables; throws one error listing every invalid setting. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`invalid admin configuration: ${problems.join("; ")}`);
  }
  return result.data;
}

/** Reads and validates `process.env` now (server only). */
export function serverEnv(): Env {
  return parseEnv(process.env);
}
