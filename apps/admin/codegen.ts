import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * Typed documents for the admin: the client preset over the API's committed schema. Documents
 * live beside the components that use them (`graphql(...)` calls in src). Run `npm run codegen`
 * after changing a document or the schema; src/graphql/codegen.test.ts fails when the committed
 * output is stale.
 */
const config: CodegenConfig = {
  schema: "../api/schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/graphql/generated/**"],
  ignoreNoDocuments: false,
  generates: {
    "src/graphql/generated/": {
      preset: "client",
      presetConfig: {
        // Components read query results directly: fragments only spare repeating a field list.
        fragmentMasking: false,
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: { LocalDate: "string", DateTimeISO: "string" },
        strictScalars: true,
      },
    },
  },
};

export default config;
