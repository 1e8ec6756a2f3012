import { writeFileSync } from "node:fs";
import { createTestDatabase } from "./src/db/testing";
import { loadDemo } from "./src/demo/load";
const t = await createTestDatabase("sqlite");
try {
  const d = await loadDemo(t.db, { customers: 20000 });
  const rows = await t.db.raw.query<{ e: string; code: number; r: number; f: number; m: number; mc: number; rd: number }>(
    `SELECT c.external_id AS e, s.code AS code, s.r AS r, s.f AS f, s.m AS m, s.monetary_cents AS mc, s.recency_days AS rd FROM customer_scores s JOIN customers c ON c.id = s.customer_id WHERE s.run_id = $1 ORDER BY c.external_id`, [d.scoring.run.id]);
  writeFileSync(process.argv[2]!, rows.map((r) => `${r.e} ${r.code} ${r.r}${r.f}${r.m} ${r.mc} ${r.rd}`).join("\n"));
  console.log(rows.length, new Date(d.scoring.run.asOf).toISOString());
} finally {
  await t.drop();
}
