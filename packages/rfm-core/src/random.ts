/**
 * The one seeded random generator and the one gamma sampler of the project: the demo store,
 * the CLV simulations and the tests that need random data all draw from here, so "the same
 * seed gives the same data" holds everywhere with one algorithm. Deterministic for a given
 * seed; not for anything security-related.
 *
 * The generator is the demo store's (sfc32 with its seeding), kept bit for bit: the README's
 * demo figures (20,000 customers, 57,153 transactions for seed 42) and every benchmark's data
 * depend on its stream.
 */

/** A uniform draw on [0, 1), one per call. */
export type Random = () => number;

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 32-bit) seeded with `seed >>> 0`
 * in its counter word and fixed constants in the others, after 15 discarded draws. Uniform on
 * [0, 1) in steps of 2^-32.
 */
export function seededRandom(seed: number): Random {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

/** A uniform draw on (0, 1): never 0, so its log is finite. */
export function openUniform(random: Random): number {
  let u = random();
  while (u === 0) u = random();
  return u;
}

/** Standard normal draw (Box–Muller, one of the pair): two uniform draws. */
export function sampleNormal(random: Random): number {
  return Math.sqrt(-2 * Math.log(openUniform(random))) * Math.cos(2 * Math.PI * random());
}

/**
 * Gamma(shape, scale) draw by Marsaglia & Tsang (2000), with their squeeze test; for
 * shape < 1 the boost Gamma(k) = Gamma(k + 1) · U^(1/k). Mean shape × scale, variance
 * shape × scale². `shape` and `scale` must be > 0.
 */
export function sampleGamma(random: Random, shape: number, scale = 1): number {
  if (shape < 1) return sampleGamma(random, shape + 1, scale) * random() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v)))
      return d * v * scale;
  }
}

/** Beta(a, b) draw as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function sampleBeta(random: Random, a: number, b: number): number {
  const x = sampleGamma(random, a);
  const y = sampleGamma(random, b);
  return x / (x + y);
}
