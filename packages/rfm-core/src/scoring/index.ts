export * from "./assign";
export * from "./score";
export * from "./span";
export * from "./thresholds";
