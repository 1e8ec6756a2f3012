export * from "./movement.js";
