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

function parseHex(color: string): number[] | null {
  const match = /^#?([0-9a-f]{6})$/i.exec(color.trim());
  if (!match?.[1]) return null;
  const value = Number.parseInt(match[1], 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

const hex = (rgb: readonly number[]) =>
  `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;

/**
 * A segment's colour as a line on the white chart: itself when it has at least 3:1 contrast
 * with white (WCAG 2.1 AA for graphical objects, 1.4.11), else the same hue darkened just
 * enough. Not a colour: slate-700.
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
