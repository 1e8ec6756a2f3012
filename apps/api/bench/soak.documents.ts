/**
 * The admin's own GraphQL documents, so the soak sends what the pages send: read from the
 * admin's generated client (`apps/admin/src/graphql/generated/graphql.ts`, made by codegen from
 * the documents beside each page, fragments included) and printed back to text. Read as data,
 * not imported: the API's bench must not depend on the admin's build. A page's query that
 * changes is measured as it is now, with nothing here to keep in step.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type DocumentNode, print } from "graphql";

const GENERATED = resolve(import.meta.dirname, "../../admin/src/graphql/generated/graphql.ts");

/** The operation `name`'s document, as the admin's generated client holds it. */
function adminDocument(source: string, name: string): string {
  const start = `export const ${name}Document = `;
  const at = source.indexOf(start);
  if (at < 0) throw new Error(`the admin has no operation ${name} (${GENERATED})`);
  const end = source.indexOf(" as unknown as ", at);
  return print(JSON.parse(source.slice(at + start.length, end)) as DocumentNode);
}

function adminDocuments<const T extends Record<string, string>>(operations: T): { [K in keyof T]: string } {
  const source = readFileSync(GENERATED, "utf8");
  return Object.fromEntries(
    Object.entries(operations).map(([key, name]) => [key, adminDocument(source, name)]),
  ) as { [K in keyof T]: string };
}

export const DOCUMENTS = {
  ...adminDocuments({
    headline: "DashboardHeadline",
    daily: "DashboardDaily",
    areaSales: "DashboardAreaSales",
    rfGrid: "DashboardRfGrid",
    movement: "DashboardMovement",
    segmentsPage: "SegmentsPage",
    mappingEditor: "MappingEditor",
    preview: "MappingPreview",
    areaNames: "AudienceAreaNames",
    audience: "AudienceCustomers",
    customer360: "Customer360",
    customerTransactions: "CustomerTransactions",
    createSegment: "CreateSegment",
    assignCodes: "AssignCodes",
    discardDraft: "DiscardDraft",
    createExport: "CreateExport",
  }),
  /** Integrations' customer search: the top-level list filtered by a substring (no admin page). */
  search: `query SoakSearch($first: Int!, $filter: CustomerFilter) {
  customers(first: $first, filter: $filter) {
    totalCount
    edges { cursor node { id externalId name email province region segment { name } score { code clv { amount } } } }
  }
}`,
};
