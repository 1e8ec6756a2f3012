export * from "./aggregate/index.js";
export * from "./codes.js";
export * from "./errors.js";
export type * from "./histogram.js";
export * from "./mapping/index.js";
export * from "./movement/index.js";
export * from "./scoring/index.js";
