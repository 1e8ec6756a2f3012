import { describe, expect, it } from "vitest";
import { describeDatabase } from "./db.command";

describe("describeDatabase (the banners of import, score, serve and backfill)", () => {
  it("names the app database, and the ClickHouse cluster when the facts are there, never a password", () => {
    expect(describeDatabase("file:/tmp/x.db", null)).toBe("SQLite /tmp/x.db");
    expect(describeDatabase("postgres://p:pw@127.0.0.1:5432/test?schema=s1", null)).toBe(
      "PostgreSQL 127.0.0.1:5432/test (schema s1)",
    );
    const both = describeDatabase(
      "file:/tmp/x.db",
      "clickhouse://u:secret@h1:8125,h2:8126/facts?cluster=rfm",
    );
    expect(both).toBe(
      "SQLite /tmp/x.db, facts on ClickHouse http://h1:8125, http://h2:8126 database facts (cluster rfm)",
    );
    expect(both).not.toContain("secret");
  });
});
