import type { NextConfig } from "next";
import { serverEnv } from "./src/env";

// Fail fast on bad configuration when `next build`, `next start` or `next dev` starts, rather
// than on the first proxied request (src/proxy.ts reads the settings per request).
serverEnv();

const config: NextConfig = {
  // Workspace packages are TypeScript source (see ARCHITECTURE.md); Next compiles them.
  transpilePackages: ["@rfm/core"],
  reactStrictMode: true,
};

export default config;
