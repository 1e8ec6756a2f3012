/**
 * Scoring benchmark: 2.38 million customers (the seed's data set size) with realistic skew,
 * scored on R, F and M, mapped to the default segments and summarised per segment.
 * Prints times and memory; it is a measurement, not a test.
 *
 *   npm run bench -w @rfm/core [-- --customers 2380000 --repeat 5]
 */
import { parseArgs } from "node:util";
import { simulateBgNbd } from "../src/clv/simulate";
import {
  assignSegments,
  compileMapping,
  DAY_MS,
  DEFAULT_MAPPING,
  estimateClv,
  sampleNormal,
  scoreCustomers,
  seededRandom,
  segmentStats,
} from "../src/index";

const { values } = parseArgs({
  options: { customers: { type: "string", default: "2380000" }, repeat: { type: "string", default: "5" } },
});
const n = Number(values.customers);
const repeat = Number(values.repeat);

// Deterministic synthetic aggregates: a 92-day window (2022-06-01..08-31 in the seed),
// geometric-like order counts (about 60% buy once), log-normal spend rounded to cents.
const rand = seededRandom(12345);
const recencyDays = new Float64Array(n);
const frequency = new Float64Array(n);
const monetary = new Float64Array(n);
for (let i = 0; i < n; i++) {
  recencyDays[i] = Math.floor(rand() * 92);
  let f = 1;
  while (rand() < 0.4 && f < 60) f++;
  frequency[i] = f;
  const normal = sampleNormal(rand);
  monetary[i] = Math.round(f * Math.exp(3.5 + 0.9 * normal) * 100) / 100;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const before = process.memoryUsage();
const mapping = compileMapping(DEFAULT_MAPPING);
const timings: { score: number; segments: number; stats: number; total: number }[] = [];
let peakRss = before.rss;
let champions = 0;
for (let run = 0; run < repeat; run++) {
  const t0 = performance.now();
  const scoring = scoreCustomers({ recencyDays, frequency, monetary, bins: 4 });
  const t1 = performance.now();
  const segment = assignSegments({ code: scoring.code, mapping });
  const t2 = performance.now();
  const stats = segmentStats({ histogram: scoring.histogram, mapping });
  const t3 = performance.now();
  champions = stats.segments[0]!.customers + segment.length * 0;
  timings.push({ score: t1 - t0, segments: t2 - t1, stats: t3 - t2, total: t3 - t0 });
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
const after = process.memoryUsage();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number): string => `${x.toFixed(0)} ms`;

console.log(`customers                ${n.toLocaleString("en")}`);
console.log(
  `runs                     ${repeat} (median; first run includes JIT warm-up: ${ms(timings[0]!.total)})`,
);
console.log(`score R, F, M + codes    ${ms(median(timings.map((t) => t.score)))}`);
console.log(`assign segments          ${ms(median(timings.map((t) => t.segments)))}`);
console.log(`segment table            ${median(timings.map((t) => t.stats)).toFixed(3)} ms`);
console.log(`total (score + map)      ${ms(median(timings.map((t) => t.total)))}   target < 1000 ms`);
console.log(`input columns            ${mb(n * 8 * 3)}`);
console.log(`rss before / peak        ${mb(before.rss)} / ${mb(peakRss)}`);
console.log(`array buffers after      ${mb(after.arrayBuffers)}`);
console.log(`Champions                ${champions.toLocaleString("en")}`);

// CLV is not part of the scoring target: it is fitted once per run, on the same aggregates.
// Purchases are simulated from the BG/NBD story (CDNOW-like parameters) over a 13-week
// window, since the scoring data above has no dropout for the model to find.
const asOf = Date.parse("2022-09-01T00:00:00Z");
const week = 7 * DAY_MS;
const T = new Float64Array(n).map(() => 1 + Math.floor(rand() * 91) / 7);
const sim = simulateBgNbd({ params: { r: 0.25, alpha: 4.4, a: 0.8, b: 2.4 }, T, seed: 3 });
const clvFirst = new Float64Array(n).map((_, i) => asOf - T[i]! * week);
const clvLast = new Float64Array(n).map((_, i) => clvFirst[i]! + sim.recency[i]! * week);
const clvFrequency = new Float64Array(n).map((_, i) => sim.frequency[i]! + 1);
const clvMonetary = new Float64Array(n).map(
  (_, i) => Math.round(clvFrequency[i]! * 100 * (0.5 + rand()) * 100) / 100,
);
const c0 = performance.now();
const clv = estimateClv({
  firstPurchase: clvFirst,
  lastPurchase: clvLast,
  frequency: clvFrequency,
  monetary: clvMonetary,
  asOf,
});
console.log(
  `CLV (${clv.method}, fit + predict) ${ms(performance.now() - c0)}${clv.fallbackReason ? ` (${clv.fallbackReason})` : ""}`,
);
console.log(`rss after CLV            ${mb(process.memoryUsage().rss)}`);
