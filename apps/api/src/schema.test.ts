import { readFileSync } from "node:fs";
import {
  type GraphQLNamedType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
} from "graphql";
import { describe, expect, it } from "vitest";
import { getSchema, printedSchema, SCHEMA_FILE } from "./schema";
import { vagueDescription } from "./schema-descriptions";

const BUILT_IN = ["String", "Int", "Float", "Boolean", "ID"];

/** Every description of the schema with where it is: types, fields, arguments, enum values. */
function descriptionsOf(schema: GraphQLSchema): { where: string; description: string | null | undefined }[] {
  const found: { where: string; description: string | null | undefined }[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || BUILT_IN.includes(type.name)) continue;
    found.push({ where: type.name, description: type.description });
    if (isObjectType(type) || isInputObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        found.push({ where: `${type.name}.${field.name}`, description: field.description });
        for (const arg of "args" in field ? field.args : []) {
          found.push({ where: `${type.name}.${field.name}(${arg.name})`, description: arg.description });
        }
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) {
        found.push({ where: `${type.name}.${value.name}`, description: value.description });
      }
    }
  }
  return found;
}

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

  it("says what each type, field, argument and enum value means: no one- or two-word descriptions", async () => {
    const vague = descriptionsOf(await getSchema())
      .map(({ where, description }) => ({ where, description, why: vagueDescription(description) }))
      .filter(({ why }) => why !== null)
      .map(({ where, description, why }) => `${where}: ${JSON.stringify(description)} (${why})`);
    expect(vague, `vague descriptions:\n${vague.join("\n")}`).toEqual([]);
  });
});
