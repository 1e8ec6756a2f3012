// A worker thread starts without the TypeScript loader its parent registered (bin/rfm.mjs,
// vitest): register tsx here, then run the worker written in TypeScript.
import { register } from "tsx/esm/api";

register();
await import("./prepare.worker.ts");
