export * from "./score.js";
export * from "./assign.js";
