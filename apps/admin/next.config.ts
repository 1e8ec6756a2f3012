import type { NextConfig } from "next";
import { serverEnv } from "./src/env";

// Fail fast on bad configuration when `next build`, `next start` or `next dev` starts, rather
// than on the first proxied request (src/proxy.ts reads the settings per request).
serverEnv();

const config: NextConfig = {
  reactStrictMode: true,
};

export default config;
