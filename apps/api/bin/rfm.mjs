#!/usr/bin/env node
// The `rfm` command. The workspace packages are TypeScript consumed from source, so the CLI
// runs through tsx's loader (no build step between a change and `npx rfm`).
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
