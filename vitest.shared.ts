import { createRequire } from "node:module";

/**
 * One copy of `graphql` in tests. Vite resolves `graphql` to its ES module build, while
 * type-graphql and Apollo (loaded by Node, not transformed) get the CommonJS build; graphql-js
 * refuses to mix the two ("Cannot use GraphQLObjectType from another module or realm"). Node
 * itself always loads the CommonJS build, so tests alias to it and match production.
 */
export const singleGraphql = [
  { find: /^graphql$/, replacement: createRequire(import.meta.url).resolve("graphql") },
];
