import { PRESETS } from "@rfm/core";
import { describe, expect, it } from "vitest";
import {
  CARD_BACKGROUND,
  CHART_COLORS,
  contrastWithWhite,
  HEAT_SCALES,
  heatCell,
  LINE_DASHES,
  lineDash,
  strokeOnWhite,
  textOn,
} from "./chart-colors";

/*
 * The oracle: WCAG 2.x contrast written out here from the definition
 * (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance), not the module's own function.
 * sRGB channel c in 0..1 is linearised as c / 12.92 when c <= 0.04045 (WCAG 2.1 prints 0.03928;
 * no 8-bit value falls between the two), else ((c + 0.055) / 1.055) ^ 2.4; L = 0.2126 R +
 * 0.7152 G + 0.0722 B; the ratio is (L1 + 0.05) / (L2 + 0.05) with L1 the lighter.
 */
function relativeLuminance(hexColor: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hexColor);
  if (!m) throw new Error(`not a #rrggbb colour: ${hexColor}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => {
    const c = Number.parseInt(h ?? "0", 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

function ratio(a: string, b: string): number {
  const [la, lb] = [relativeLuminance(a), relativeLuminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

const GRAPHICS = 3; // WCAG 2.1 SC 1.4.11, non-text contrast
const TEXT = 4.5; // WCAG 2.1 SC 1.4.3, normal-size text

describe("the oracle itself", () => {
  it("gives the textbook figures: 21:1 black on white, 1:1 a colour on itself, 4.54:1 for #767676", () => {
    expect(ratio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(ratio("#15803d", "#15803d")).toBe(1);
    // #767676 is the well-known lightest grey with 4.5:1 on white.
    expect(ratio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(ratio("#777777", "#ffffff")).toBeLessThan(4.5);
  });
});

describe("chart colours against the card", () => {
  it("the card is white", () => {
    expect(CARD_BACKGROUND).toBe("#ffffff");
  });

  it.each([
    ["orders", CHART_COLORS.orders, GRAPHICS, 5.17],
    ["revenueLine", CHART_COLORS.revenueLine, GRAPHICS, 5.02],
    ["areaRevenue", CHART_COLORS.areaRevenue, GRAPHICS, 5.47],
    ["labelText", CHART_COLORS.labelText, TEXT, 10.35],
  ])("%s (%s) reaches %s:1 on the card (%s:1)", (_name, color, minimum, expected) => {
    expect(ratio(color, CARD_BACKGROUND)).toBeGreaterThanOrEqual(minimum);
    expect(ratio(color, CARD_BACKGROUND)).toBeCloseTo(expected, 2);
  });

  it("the two series of the daily chart differ in more than lightness: bars against a line, blue against amber", () => {
    expect(CHART_COLORS.orders).not.toBe(CHART_COLORS.revenueLine);
    // Hue apart: the blue one has more blue than red, the amber one more red than blue.
    const rgb = (c: string) => [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16));
    const [or = 0, , ob = 0] = rgb(CHART_COLORS.orders);
    const [ar = 0, , ab = 0] = rgb(CHART_COLORS.revenueLine);
    expect(ob).toBeGreaterThan(or);
    expect(ar).toBeGreaterThan(ab);
  });
});

describe("segment colours as chart marks (strokeOnWhite)", () => {
  const presetColors = Object.values(PRESETS).flatMap((p) =>
    p.definition.segments.map((s) => [p.id, s.name, s.color] as const),
  );

  it.each(presetColors)("%s / %s (%s) is drawn with at least 3:1 on the card", (_preset, _name, color) => {
    expect(ratio(strokeOnWhite(color), CARD_BACKGROUND)).toBeGreaterThanOrEqual(GRAPHICS);
  });

  it.each(presetColors)("%s / %s (%s) is already 3:1 and kept as chosen", (_preset, _name, color) => {
    expect(ratio(color, CARD_BACKGROUND)).toBeGreaterThanOrEqual(GRAPHICS);
    expect(strokeOnWhite(color)).toBe(color);
  });

  it("darkens a light colour just enough, keeping its hue; pure yellow and white too", () => {
    // #93c5fd (blue-300) is 1.80:1 on white by the oracle: darkened to at least 3:1 but not much more.
    expect(ratio("#93c5fd", "#ffffff")).toBeCloseTo(1.8, 2);
    const darker = strokeOnWhite("#93c5fd");
    expect(ratio(darker, CARD_BACKGROUND)).toBeGreaterThanOrEqual(3);
    expect(ratio(darker, CARD_BACKGROUND)).toBeLessThan(3.3);
    const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => Number.parseInt(darker.slice(i, i + 2), 16));
    expect(b).toBeGreaterThan(g);
    expect(g).toBeGreaterThan(r);
    expect(ratio(strokeOnWhite("#ffff00"), CARD_BACKGROUND)).toBeGreaterThanOrEqual(3);
    expect(ratio(strokeOnWhite("#ffffff"), CARD_BACKGROUND)).toBeGreaterThanOrEqual(3);
    expect(strokeOnWhite("teal")).toBe("#334155");
    expect(contrastWithWhite("#000000")).toBeCloseTo(21, 5);
  });

  it("segment lines differ by dash pattern as well as colour: the first seven patterns are all different", () => {
    const patterns = Array.from({ length: LINE_DASHES.length }, (_, i) => lineDash(i));
    expect(new Set(patterns).size).toBe(LINE_DASHES.length);
    expect(lineDash(LINE_DASHES.length)).toBe(lineDash(0));
  });
});

describe("heat map cells", () => {
  const intensities = Array.from({ length: 101 }, (_, i) => i / 100);

  it.each(Object.keys(HEAT_SCALES) as (keyof typeof HEAT_SCALES)[])(
    "the %s scale: text on every shade from 0 to 1 (steps of 0.01) reaches 4.5:1",
    (scale) => {
      for (const t of intensities) {
        const cell = heatCell(t, scale);
        expect(
          ratio(cell.color, cell.backgroundColor),
          `${scale} at ${t}: ${cell.backgroundColor}`,
        ).toBeGreaterThanOrEqual(TEXT);
      }
    },
  );

  it("runs from the scale's light end to its dark end, and clamps what is outside 0..1", () => {
    expect(heatCell(0, "blue").backgroundColor).toBe(HEAT_SCALES.blue.light);
    expect(heatCell(1, "blue").backgroundColor).toBe(HEAT_SCALES.blue.dark);
    expect(heatCell(-1, "teal").backgroundColor).toBe(HEAT_SCALES.teal.light);
    expect(heatCell(2, "teal").backgroundColor).toBe(HEAT_SCALES.teal.dark);
    expect(heatCell(Number.NaN, "teal").backgroundColor).toBe(HEAT_SCALES.teal.light);
    // Light cells get black text, dark ones white.
    expect(heatCell(0, "blue").color).toBe("#000000");
    expect(heatCell(1, "blue").color).toBe("#ffffff");
  });

  it.each([
    ["#ffffff", "#000000"],
    ["#000000", "#ffffff"],
    ["#1e3a8a", "#ffffff"],
    ["#eff6ff", "#000000"],
    // A mid grey where both are close: black gives 5.3:1, white 3.9:1.
    ["#808080", "#000000"],
  ])("text on %s is %s, the one with more contrast", (background, text) => {
    expect(textOn(background)).toBe(text);
    const other = text === "#000000" ? "#ffffff" : "#000000";
    expect(ratio(text, background)).toBeGreaterThan(ratio(other, background));
  });
});
