export * from "./aggregate";
