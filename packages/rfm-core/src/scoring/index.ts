export * from "./assign";
export * from "./score";
export * from "./span";
