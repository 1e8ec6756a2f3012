#!/usr/bin/env node
// The `rfm` command. The workspace packages are TypeScript consumed from source, so the CLI
// runs through tsx's loader (no build step between a change and `npx rfm`). The API's own
// tsconfig is named explicitly: from another directory (the repository root, say) tsx would
// not find it, and type-graphql's decorators need its `experimentalDecorators`.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

// graphql-js runs its slower development checks unless NODE_ENV is production (read once, when
// it loads); the command line is what users run, so production unless they say otherwise.
process.env.NODE_ENV ??= "production";
register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("../src/cli/main.ts");
