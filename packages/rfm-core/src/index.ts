export * from "./clv/index";
export * from "./codes";
export * from "./days";
export * from "./errors";
export type { CodeHistogram } from "./histogram";
export * from "./mapping/index";
export * from "./measures";
export * from "./random";
export * from "./scoring/index";
