import { describe, expect, it } from "vitest";
import type { PostgresDatabase } from "../../client";
import { useTestDatabase } from "../../testing";
import { copyBinaryRows } from "./copy";

describe("copyBinaryRows on postgresql", () => {
  const t = useTestDatabase("postgresql");

  it("streams rows of any characters across several chunks, as PostgreSQL reads them back", async () => {
    const odd = [
      "Montréal",
      "東京都",
      "emoji 😀 pair",
      "tab\there",
      "new\nline",
      "back\\slash",
      "cr\rhere",
      "",
    ];
    // 3 chunks of 1 MiB and more: long lines of 3-byte characters near every boundary.
    const texts = Array.from(
      { length: 12_000 },
      (_, i) => `${odd[i % odd.length]}${"€".repeat(i % 300)}#${i}`,
    );
    const client = await (t.db as PostgresDatabase).pool.connect();
    try {
      await client.query("CREATE TEMPORARY TABLE copied (n integer, v text)");
      await copyBinaryRows(client, "copied", ["n", "v"], texts.length + 1, (rows, row) => {
        rows.row(2);
        rows.int4(row);
        rows.text(row < texts.length ? texts[row] : null);
      });
      const { rows } = await client.query<{ n: number; v: string | null }>(
        "SELECT n, v FROM copied ORDER BY n",
      );
      expect(rows.length).toBe(texts.length + 1);
      expect(rows.slice(0, texts.length).map((row) => row.v)).toEqual(texts);
      expect(rows[texts.length]).toEqual({ n: texts.length, v: null });
      const [{ bytes }] = (
        await client.query<{ bytes: number }>("SELECT sum(octet_length(v))::int AS bytes FROM copied")
      ).rows as [{ bytes: number }];
      expect(bytes).toBeGreaterThan(3 * 2 ** 20);
    } finally {
      client.release();
    }
  });

  it("writes instants that PostgreSQL reads as the same UTC timestamp(3), before and after 2000", async () => {
    const instants = [
      "1970-01-01 00:00:00.000",
      "1999-12-31 23:59:59.999",
      "2000-01-01 00:00:00.000",
      "2000-02-29 12:34:56.789",
      "2024-02-29 23:59:59.999",
      "9999-12-31 23:59:59.999",
    ];
    const client = await (t.db as PostgresDatabase).pool.connect();
    try {
      await client.query("CREATE TEMPORARY TABLE times (n integer, at timestamp(3), amount integer)");
      await copyBinaryRows(client, "times", ["n", "at", "amount"], instants.length, (rows, row) => {
        rows.row(3);
        rows.int4(row);
        rows.timestamp(Date.parse(`${instants[row]!.replace(" ", "T")}Z`));
        rows.int4(row % 2 === 0 ? -2_147_483_648 : 2_147_483_647);
      });
      const { rows } = await client.query<{ at: string; amount: number }>(
        `SELECT to_char(at, 'YYYY-MM-DD HH24:MI:SS.MS') AS at, amount FROM times ORDER BY n`,
      );
      expect(rows.map((row) => row.at)).toEqual(instants);
      expect(rows.map((row) => row.amount)).toEqual(
        instants.map((_, i) => (i % 2 === 0 ? -2_147_483_648 : 2_147_483_647)),
      );
    } finally {
      client.release();
    }
  });
});
