import { readFileSync } from "node:fs";
import { type GraphQLNamedType, isInputObjectType, isIntrospectionType, isObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { getSchema, printedSchema, SCHEMA_FILE } from "./schema";

describe("the GraphQL schema", () => {
  it("matches the committed apps/api/schema.graphql (run `npm run schema -w @rfm/api` after changing types)", async () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(await printedSchema());
  });

  it("describes every type, field and argument", async () => {
    const schema = await getSchema();
    const missing: string[] = [];
    const types = Object.values(schema.getTypeMap()).filter(
      (t: GraphQLNamedType) => !isIntrospectionType(t) && !t.name.startsWith("__"),
    );
    for (const type of types) {
      if (!type.description && !["String", "Int", "Float", "Boolean", "ID"].includes(type.name))
        missing.push(type.name);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of "args" in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
