/** The audit log as the API lists it: newest first, `before`/`after` as JSON text. */
import type { Database } from "../../db/client";
import type { AuditEntry } from "./audit.type";

const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

/** How many entries the audit log holds. */
export function countAuditEntries(db: Database): Promise<number> {
  return db.prisma.auditLog.count();
}

/** The latest `first` entries, newest first (only those before entry `beforeId` when given). */
export async function listAuditEntries(
  db: Database,
  first: number,
  beforeId?: number,
): Promise<AuditEntry[]> {
  const rows = await db.prisma.auditLog.findMany({
    ...(beforeId === undefined ? {} : { where: { id: { lt: beforeId } } }),
    orderBy: { id: "desc" },
    take: first,
  });
  return rows.map((row) => ({ ...row, before: json(row.before), after: json(row.after) }));
}
