import { type NextRequest, NextResponse } from "next/server";
import { serverEnv } from "./env";

/**
 * The browser talks only to the admin's origin; the API's routes are forwarded to RFM_API_URL
 * here, per request. This is Next's request-time proxy (formerly middleware), not a `rewrites()`
 * entry in next.config.ts: Next freezes config rewrites into the build (.next/routes-manifest.json),
 * so one build could only ever talk to the API it was built against, and `next start` with
 * another RFM_API_URL would still call the old one. Here RFM_API_URL is read when the request
 * arrives, so the same build runs against any API (tests start the API on a random port).
 * Responses stream through (exports from /exports). Request bodies do not: Next copies them into
 * memory for the proxy and cuts them at 10 MB, so the Import page uploads files through
 * `/api/imports/{kind}` (src/app/api/imports/[kind]/route.ts, which pipes them with backpressure);
 * only its preview (64 KB) and the rejects download come through here.
 */
export function proxy(request: NextRequest): NextResponse {
  const { RFM_API_URL } = serverEnv();
  return NextResponse.rewrite(new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, RFM_API_URL));
}

// Literal paths: Next reads the matcher statically at build time.
export const config = { matcher: ["/graphql", "/exports/:path*", "/imports/:path*"] };
