// A worker thread starts without the TypeScript loader its parent registered (bin/rfm.mjs,
// vitest): register tsx here, with the API's tsconfig, then run the worker written in TypeScript.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../../../tsconfig.json", import.meta.url)) });
await import("./scoring.worker.ts");
