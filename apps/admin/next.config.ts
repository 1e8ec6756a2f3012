import type { NextConfig } from "next";
import { serverEnv } from "./src/env";

// Fail fast on bad configuration when `next build`, `next start` or `next dev` starts, rather
// than on the first proxied request (src/proxy.ts reads the settings per request).
serverEnv();

const config: NextConfig = {
  reactStrictMode: true,
  // The domain's own rules (segment keys) come from rfm-core's TypeScript sources.
  transpilePackages: ["@rfm/core"],
};

export default config;
