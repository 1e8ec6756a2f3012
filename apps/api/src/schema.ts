/**
 * The GraphQL schema, built from the resolvers in `modules/index.ts`. `apps/api/schema.graphql`
 * is this schema printed (`npm run schema -w @rfm/api`), committed for the admin's typed
 * documents; a test fails when the two differ.
 */
import "reflect-metadata";
import { fileURLToPath } from "node:url";
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { authChecker } from "./modules/auth/auth.resolver";
import { resolvers } from "./modules/index";

export const SCHEMA_FILE = fileURLToPath(new URL("../schema.graphql", import.meta.url));

let built: Promise<GraphQLSchema> | null = null;

/**
 * The schema (built once per process: type-graphql's metadata is global). Object arguments
 * (`@Args` classes, input types) are validated with their class-validator decorators before a
 * resolver runs: argument limits such as page sizes live on the argument classes, and a
 * failure is BAD_USER_INPUT naming the field (errors.ts). Scalar `@Arg`s are not validated.
 */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers, authChecker, validate: { forbidUnknownValues: false } }).then(
    (schema) => {
      // type-graphql cannot describe the root types; every type has a description.
      Object.assign(schema.getQueryType()!, {
        description:
          "Reads: segments, customers, the mapping and its versions, scoring runs, analytics, logs.",
      });
      Object.assign(schema.getMutationType()!, {
        description:
          'Changes: the mapping draft, publishing, profiles, exports and scoring runs (editor); schedules, webhooks and API tokens (admin). docs/api.md, "Roles", lists each.',
      });
      return schema;
    },
  );
  return built;
}

const HEADER =
  "# The GraphQL schema of the RFM API, printed from the code by `npm run schema -w @rfm/api`.\n# Do not edit: change the resolvers and types in apps/api/src/modules, then print it again.\n\n";

/** The schema as committed: types sorted by name, so the file's diffs show real changes only. */
export async function printedSchema(): Promise<string> {
  return `${HEADER}${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}
