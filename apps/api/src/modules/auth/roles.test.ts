/**
 * docs/api.md's "Roles" table is the resolvers' `@Authorized` roles, row for row: every mutation
 * with its role (none: viewer), and every query that needs more than viewer. A new mutation
 * without its row, or a role changed in code but not in the docs, fails here naming it.
 */
import { readFileSync } from "node:fs";
import { getMetadataStorage } from "type-graphql";
import { describe, expect, it } from "vitest";
import { getSchema } from "../../schema";

const DOCS = new URL("../../../../../docs/api.md", import.meta.url);

type Row = { readonly name: string; readonly kind: string; readonly role: string };

/** The table's rows naming one operation in backticks: `| \`name\` | kind | role |`. */
function documentedRows(): Row[] {
  const text = readFileSync(DOCS, "utf8");
  const section = text.slice(text.indexOf("### Roles"));
  const table = section.slice(0, section.indexOf("\n\n", section.indexOf("| operation |")));
  return [...table.matchAll(/^\| `([^`]+)` \| (query|mutation|route) \| (viewer|editor|admin) \|$/gm)].map(
    (m) => ({ name: m[1]!, kind: m[2]!, role: m[3]! }),
  );
}

/** What the code says: each operation's `@Authorized` role, read from type-graphql's metadata. */
async function codeRows(): Promise<Row[]> {
  const schema = await getSchema();
  const storage = getMetadataStorage();
  const roleOf = (target: object, methodName: string): string => {
    const found = storage.authorizedFields.find((a) => a.target === target && a.fieldName === methodName);
    return (found?.roles[0] as string | undefined) ?? "viewer";
  };
  const rows: Row[] = [];
  for (const [kind, list, root] of [
    ["query", storage.queries, schema.getQueryType()!],
    ["mutation", storage.mutations, schema.getMutationType()!],
  ] as const) {
    for (const op of list) {
      if (!(op.schemaName in root.getFields())) continue;
      const role = roleOf(op.target, op.methodName);
      if (kind === "query" && role === "viewer") continue;
      rows.push({ name: op.schemaName, kind, role });
    }
  }
  return rows;
}

const byName = (a: Row, b: Row) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name);

describe("docs/api.md's Roles table", () => {
  it("lists every mutation, and every query above viewer, with the role its resolver requires", async () => {
    const documented = documentedRows().filter((r) => r.kind !== "route");
    const code = await codeRows();
    // Sanity of the reading itself: known rows on both sides.
    expect(code).toContainEqual({ name: "runScoring", kind: "mutation", role: "editor" });
    expect(code).toContainEqual({ name: "createApiToken", kind: "mutation", role: "admin" });
    expect(code).toContainEqual({ name: "createScoringSchedule", kind: "mutation", role: "admin" });
    expect(documented.sort(byName)).toEqual(code.sort(byName));
  });

  it("gives every mutation of the schema a row", async () => {
    const schema = await getSchema();
    const documented = new Set(
      documentedRows()
        .filter((r) => r.kind === "mutation")
        .map((r) => r.name),
    );
    const missing = Object.keys(schema.getMutationType()!.getFields()).filter((m) => !documented.has(m));
    expect(missing).toEqual([]);
  });

  it("lists the HTTP routes (their roles are checked over HTTP in test/api/tokens.test.ts)", () => {
    expect(
      documentedRows()
        .filter((r) => r.kind === "route")
        .map((r) => r.name),
    ).toEqual([
      "GET /exports/audiences/{audience}.csv",
      "GET /exports/customers.csv?province={province}",
      "GET /exports/segments/{segment}.csv",
      "GET /exports/segment-changes?segment={key}",
      "GET /imports/{id}/rejects.csv",
      "POST /imports/customers",
      "POST /imports/preview?kind={kind}",
      "POST /imports/rates",
      "POST /imports/transactions",
    ]);
  });
});
