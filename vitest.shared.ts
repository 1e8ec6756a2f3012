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

/**
 * Every project runs its files with `isolate: false`: a worker process keeps the modules it has
 * loaded from one test file to the next instead of importing the API (Apollo, type-graphql,
 * Prisma's clients) again for each of some 190 files. Measured on 16 of the API's files, one
 * worker: 72 CPU-s and 219 s with a fresh module graph per file, 42 CPU-s and 150 s shared,
 * the same 189 tests passing. It holds because no test replaces a module or a global (no
 * `vi.mock`, `vi.stubEnv`, fake timers or `vi.stubGlobal` anywhere) and every test makes its
 * own databases and servers and removes them in its hooks; a test that needs one of those
 * must go in a project of its own with `isolate: true`.
 */
export const isolate = false;
