export * from "./assign";
export * from "./score";
