import { describe, expect, it } from "vitest";
import { type AppliedMigration, checksumMatches, type Migration, sha256, statusOf } from "./migrate";
import { toSqliteStatement } from "./raw";

const migration = (name: string, sql: string): Migration => ({ name, sql, checksum: sha256(sql) });
const applied = (m: Migration, overrides: Partial<AppliedMigration> = {}): AppliedMigration => ({
  id: "id",
  name: m.name,
  checksum: m.checksum,
  startedAt: 1,
  finishedAt: 2,
  rolledBackAt: null,
  logs: null,
  ...overrides,
});

describe("checksumMatches", () => {
  const sql = "CREATE TABLE a (x int);\nCREATE TABLE b (y int);\n";

  it("is Prisma's checksum: hex sha256 of the file's bytes", () => {
    expect(sha256("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(checksumMatches(sha256(sql), sql)).toBe(true);
  });

  it("accepts the same file after an LF <-> CRLF conversion, and nothing else", () => {
    expect(checksumMatches(sha256(sql), sql.replace(/\n/g, "\r\n"))).toBe(true);
    expect(checksumMatches(sha256(sql.replace(/\n/g, "\r\n")), sql)).toBe(true);
    expect(checksumMatches(sha256(sql), `${sql} `)).toBe(false);
  });
});

describe("statusOf", () => {
  const a = migration("1_a", "A");
  const b = migration("2_b", "B");

  it("marks each migration applied, pending, modified, failed or unknown", () => {
    const c = migration("3_c", "C");
    const gone = migration("0_gone", "G");
    expect(
      statusOf(
        [a, b, { ...c }],
        [
          applied(a),
          applied({ ...b, checksum: sha256("other") }),
          applied(c, { finishedAt: null }),
          applied(gone),
        ],
      ).map((s) => [s.name, s.state]),
    ).toEqual([
      ["0_gone", "unknown"],
      ["1_a", "applied"],
      ["2_b", "modified"],
      ["3_c", "failed"],
    ]);
    expect(statusOf([a, b], [applied(a)]).map((s) => s.state)).toEqual(["applied", "pending"]);
  });

  it("treats a rolled-back row as not applied", () => {
    expect(statusOf([a], [applied(a, { rolledBackAt: 3 })])[0]?.state).toBe("pending");
  });
});

describe("toSqliteStatement", () => {
  it("turns $n into ? with the values in placeholder order, repeats included", () => {
    expect(toSqliteStatement("a = $2 AND b = $1 OR c = $2", ["one", "two"])).toEqual({
      sql: "a = ? AND b = ? OR c = ?",
      params: ["two", "one", "two"],
    });
  });

  it("refuses a placeholder without a value", () => {
    expect(() => toSqliteStatement("a = $3", [1, 2])).toThrow(/\$3/);
  });
});
