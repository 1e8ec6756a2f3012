export * from "./aggregate.js";
