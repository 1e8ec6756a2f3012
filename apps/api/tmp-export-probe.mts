import { createTestDatabase } from "./src/db/testing";
import { loadDemo } from "./src/demo/load";
import { exportSegment } from "./src/modules/export/export.service";

const provider = (process.argv[2] ?? "sqlite") as "sqlite" | "postgresql";
const n = Number(process.argv[3] ?? 50000);
const t = await createTestDatabase(provider);
try {
  const t0 = performance.now();
  await loadDemo(t.db, { customers: n });
  console.log(`demo ${n} loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const [preset, purpose] of [["ALL", "ANALYSIS"], ["ALL", "CAMPAIGN"], ["EMAIL", "CAMPAIGN"], ["GOOGLE_ADS", "CAMPAIGN"], ["META", "ANALYSIS"], ["ALL", "ANALYSIS"]] as const) {
    let bytes = 0;
    const s = performance.now();
    const r = await exportSegment({ db: t.db, segment: "Lost Customer", format: "csv", preset, purpose, write: (c) => { bytes += c.length; } });
    const sec = (performance.now() - s) / 1000;
    const read = r.rows + r.leftOut.optedOut + r.leftOut.consentNotRecorded + r.leftOut.noIdentifier;
    console.log(`${provider} ${preset}/${purpose}: ${r.rows} rows written, ${read} read in ${sec.toFixed(2)} s = ${Math.round(read / sec).toLocaleString("en")} rows read/s`);
  }
} finally {
  await t.drop();
}
