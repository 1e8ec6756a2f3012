/**
 * Every colour the admin's charts and heat maps draw with, in one place, chosen against the
 * card they are drawn on (WCAG 2.1 AA: 1.4.11 asks 3:1 of graphical objects such as bars and
 * lines, 1.4.3 asks 4.5:1 of text). chart-colors.test.ts checks each one with the WCAG formula
 * written out in the test. Grid lines are decoration (the figures are in the axes, the labels
 * and the table beside each chart) and are left to recharts.
 */

/** The background of every chart: the Card (`bg-white`). */
export const CARD_BACKGROUND = "#ffffff";

/** Fixed chart colours, each at least 3:1 on the card (text colours at least 4.5:1). */
export const CHART_COLORS = {
  /** Daily orders (bars): blue-600, 5.17:1. */
  orders: "#2563eb",
  /** Daily revenue (line over the orders' bars): amber-700, 5.02:1, a different hue and shape. */
  revenueLine: "#b45309",
  /** Revenue per province or region (bars): teal-700, 5.47:1. */
  areaRevenue: "#0f766e",
  /** Labels written next to bars (text): slate-700, 10.35:1. */
  labelText: "#334155",
} as const;

/**
 * The two ends of each heat map's scale: the lightest cell and the darkest. Cells carry their
 * figure as text, so the shade is never the only signal; the text is black or white, whichever
 * contrasts more (one of the two always reaches 4.5:1, see `textOn`).
 */
export const HEAT_SCALES = {
  /** The R x F grid: blue-50 to blue-900. */
  blue: { light: "#eff6ff", dark: "#1e3a8a" },
  /** The movement matrix: teal-50 to teal-900. */
  teal: { light: "#f0fdfa", dark: "#134e4a" },
} as const;

/** Dash patterns that tell segment lines apart without their hue (cycled in segment order). */
export const LINE_DASHES = ["", "6 3", "2 2", "8 3 2 3", "12 4", "2 5", "10 3 2 3 2 3"] as const;

/** The dash pattern of the `index`-th series ("" is solid). */
export function lineDash(index: number): string {
  return LINE_DASHES[index % LINE_DASHES.length] ?? "";
}

function parseHex(color: string): number[] | null {
  const match = /^#?([0-9a-f]{6})$/i.exec(color.trim());
  if (!match?.[1]) return null;
  const value = Number.parseInt(match[1], 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

const hex = (rgb: readonly number[]) =>
  `#${rgb
    .map((c) =>
      Math.round(Math.min(255, Math.max(0, c)))
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;

/** Relative luminance (WCAG 2) of `[r, g, b]` in 0..255. */
function luminance([r, g, b]: readonly number[]): number {
  const [lr = 0, lg = 0, lb = 0] = [r ?? 0, g ?? 0, b ?? 0].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
}

/** Contrast ratio of a `#rrggbb` colour with white (1 to 21). */
export function contrastWithWhite(color: string): number {
  const rgb = parseHex(color);
  return rgb ? 1.05 / (luminance(rgb) + 0.05) : 1;
}

/**
 * A segment's colour as a mark (bar, line) on the white card: itself when it has at least 3:1
 * contrast with white (WCAG 2.1 AA for graphical objects, 1.4.11), else the same hue darkened
 * just enough. Segment colours are the marketer's choice, so they are adjusted here rather
 * than trusted. Not a colour: slate-700.
 */
export function strokeOnWhite(color: string, minimum = 3): string {
  const rgb = parseHex(color);
  if (!rgb) return "#334155";
  for (let factor = 1; factor > 0; factor -= 0.02) {
    const darker = rgb.map((c) => c * factor);
    if (1.05 / (luminance(darker) + 0.05) >= minimum) return hex(darker);
  }
  return "#000000";
}

/**
 * Black or white text on `background`, whichever contrasts more. For any background one of
 * the two reaches at least 4.58:1 (the worst case is a luminance of 0.179, where both give
 * the same ratio), so text on a heat cell always meets 4.5:1.
 */
export function textOn(background: string): "#000000" | "#ffffff" {
  const rgb = parseHex(background);
  if (!rgb) return "#000000";
  const l = luminance(rgb);
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? "#ffffff" : "#000000";
}

/**
 * A heat map cell's colours for `intensity` in 0..1 (its share of the largest cell): the
 * background mixed from the scale's light end to its dark end, and the text colour on it.
 */
export function heatCell(
  intensity: number,
  scale: keyof typeof HEAT_SCALES,
): { backgroundColor: string; color: "#000000" | "#ffffff" } {
  const { light, dark } = HEAT_SCALES[scale];
  const a = parseHex(light) ?? [255, 255, 255];
  const b = parseHex(dark) ?? [0, 0, 0];
  const t = Number.isFinite(intensity) ? Math.min(1, Math.max(0, intensity)) : 0;
  const backgroundColor = hex(a.map((c, i) => c + ((b[i] ?? 0) - c) * t));
  return { backgroundColor, color: textOn(backgroundColor) };
}
