import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages are TypeScript source (see ARCHITECTURE.md); Next compiles them.
  transpilePackages: ["@rfm/core"],
  reactStrictMode: true,
};

export default config;
