export * from "./aggregate";
export * from "./indexed";
