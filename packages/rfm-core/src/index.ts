export * from "./aggregate/index";
export * from "./clv/index";
export * from "./codes";
export * from "./errors";
export type { CodeHistogram } from "./histogram";
export * from "./mapping/index";
export * from "./movement/index";
export * from "./scoring/index";
