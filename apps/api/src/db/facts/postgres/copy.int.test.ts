import { describe, expect, it } from "vitest";
import type { PostgresDatabase } from "../../client";
import { useTestDatabase } from "../../testing";
import { copyRows, copyText } from "./copy";

describe("copyRows on postgresql", () => {
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
      await copyRows(client, "copied", ["n", "v"], texts.length + 1, (row) =>
        row < texts.length ? `${row}\t${copyText(texts[row])}\n` : `${row}\t${copyText(null)}\n`,
      );
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
});
