import { describe, expect, it } from "vitest";
import { hyp2f1, hyp2f1MinusOneOverB, lnGamma } from "./special";

/** Relative difference, with an absolute floor for values near 0. */
function rel(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}

describe("lnGamma", () => {
  it.each([
    ["lnΓ(0.5) = ln √π", 0.5, 0.5 * Math.log(Math.PI)],
    ["lnΓ(1.5) = ln(√π / 2)", 1.5, Math.log(Math.sqrt(Math.PI) / 2)],
    ["lnΓ(10) = ln 9!", 10, Math.log(362880)],
    ["lnΓ(20) = ln 19!", 20, Math.log(121645100408832000)],
    ["lnΓ(0.1)", 0.1, 2.252712651734206],
    ["lnΓ(2.5) = ln(3√π / 4)", 2.5, Math.log((3 * Math.sqrt(Math.PI)) / 4)],
    ["lnΓ(100) (tabulated 359.1342053695754)", 100, 359.1342053695754],
  ])("%s", (_name, x, expected) => {
    expect(rel(lnGamma(x), expected)).toBeLessThan(1e-13);
  });

  it("is zero at 1 and 2 to within 1e-15 absolute", () => {
    expect(Math.abs(lnGamma(1))).toBeLessThan(1e-15);
    expect(Math.abs(lnGamma(2))).toBeLessThan(1e-15);
  });

  it.each([1e3, 1e6, 1e10, 1e100])("matches Stirling's series at large x = %d without overflow", (x) => {
    // ln Γ(x) = (x − ½) ln x − x + ½ ln 2π + 1/(12x) − 1/(360x³) + O(x⁻⁵)
    const stirling =
      (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3);
    expect(Number.isFinite(lnGamma(x))).toBe(true);
    expect(rel(lnGamma(x), stirling)).toBeLessThan(1e-14);
  });

  it.each([0.3, 0.7, 1.9, 4.2, 17.5, 123.25])("satisfies Γ(x + 1) = x Γ(x) at x = %d", (x) => {
    expect(Math.abs(lnGamma(x + 1) - lnGamma(x) - Math.log(x))).toBeLessThan(
      1e-13 * Math.max(1, Math.abs(lnGamma(x))),
    );
  });

  it("behaves like −ln x − γx for tiny x", () => {
    const x = 1e-8;
    const eulerGamma = 0.5772156649015329;
    expect(rel(lnGamma(x), -Math.log(x) - eulerGamma * x)).toBeLessThan(1e-14);
  });

  it("gives ln|Γ| for negative non-integers by reflection and +∞ at the poles", () => {
    // Γ(−0.5) = −2√π
    expect(rel(lnGamma(-0.5), Math.log(2 * Math.sqrt(Math.PI)))).toBeLessThan(1e-13);
    expect(lnGamma(0)).toBe(Number.POSITIVE_INFINITY);
    expect(lnGamma(-3)).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(lnGamma(Number.NaN))).toBe(true);
  });
});

describe("hyp2f1", () => {
  const zs = [-0.9, -0.5, 0.01, 0.3, 0.5, 0.7, 0.9, 0.99];

  it.each(zs)("₂F₁(1, 1; 2; z) = −ln(1 − z) / z at z = %d", (z) => {
    expect(rel(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z)).toBeLessThan(1e-12);
  });

  it.each(zs)("₂F₁(a, b; b; z) = (1 − z)^−a at z = %d", (z) => {
    expect(rel(hyp2f1(0.7, 2.3, 2.3, z), (1 - z) ** -0.7)).toBeLessThan(1e-12);
  });

  it.each([0.1, 0.5, 0.8, 0.95])("₂F₁(½, ½; 3/2; s²) = arcsin(s) / s at s = %d", (s) => {
    expect(rel(hyp2f1(0.5, 0.5, 1.5, s * s), Math.asin(s) / s)).toBeLessThan(1e-12);
  });

  it.each([0.1, 0.5, 0.8, 0.95])("₂F₁(½, 1; 3/2; s²) = atanh(s) / s at s = %d", (s) => {
    expect(rel(hyp2f1(0.5, 1, 1.5, s * s), Math.atanh(s) / s)).toBeLessThan(1e-12);
  });

  it("terminates for a non-positive integer a: ₂F₁(−2, b; c; z) is a quadratic", () => {
    const b = 1.7;
    const c = 3.2;
    const z = 0.6;
    const exact = 1 + (-2 * b * z) / c + (-2 * -1 * b * (b + 1) * z * z) / (c * (c + 1) * 2);
    expect(rel(hyp2f1(-2, b, c, z), exact)).toBeLessThan(1e-15);
  });

  it("does not stop early when large parameters make the terms grow before they shrink", () => {
    // ₂F₁(a, b; b; z) with large a: (1 − z)^−a
    expect(rel(hyp2f1(40, 0.5, 0.5, 0.5), 2 ** 40)).toBeLessThan(1e-12);
  });

  it("returns NaN outside |z| < 1 and at c = 0, −1, ...", () => {
    expect(hyp2f1(1, 1, 2, 1)).toBeNaN();
    expect(hyp2f1(1, 1, 2, -1.5)).toBeNaN();
    expect(hyp2f1(1, 1, -2, 0.5)).toBeNaN();
  });
});

describe("hyp2f1MinusOneOverB", () => {
  it.each([0.2, 0.6, 0.95])("equals (₂F₁ − 1) / b away from b = 0 (z = %d)", (z) => {
    const a = 1.3;
    const b = -0.4;
    const c = 2.6;
    expect(rel(hyp2f1MinusOneOverB(a, b, c, z), (hyp2f1(a, b, c, z) - 1) / b)).toBeLessThan(1e-12);
  });

  it.each([0.2, 0.6, 0.95])("has the limit −ln(1 − z) at b = 0 when a = c (z = %d)", (z) => {
    // (₂F₁(a, b; a; z) − 1)/b = ((1 − z)^−b − 1)/b → −ln(1 − z) as b → 0
    expect(rel(hyp2f1MinusOneOverB(2.5, 0, 2.5, z), -Math.log1p(-z))).toBeLessThan(1e-13);
    expect(rel(hyp2f1MinusOneOverB(2.5, 1e-9, 2.5, z), -Math.log1p(-z))).toBeLessThan(1e-8);
  });

  it("is 0 at z = 0 and for a = 0", () => {
    expect(hyp2f1MinusOneOverB(1, 1, 2, 0)).toBe(0);
    expect(hyp2f1MinusOneOverB(0, 1, 2, 0.5)).toBe(0);
  });
});
