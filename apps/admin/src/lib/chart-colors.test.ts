import { describe, expect, it } from "vitest";
import { contrastWithWhite, strokeOnWhite } from "./chart-colors";

describe("strokeOnWhite", () => {
  it("keeps a colour with 3:1 contrast on white and darkens a light one just enough", () => {
    // #1e3a8a (blue-900) is far above 3:1 with white: kept.
    expect(strokeOnWhite("#1e3a8a")).toBe("#1e3a8a");
    // #93c5fd (blue-300): L = 0.2126 * 0.2918 + 0.7152 * 0.5584 + 0.0722 * 0.9823 = 0.5323, so 1.05 / 0.5823 = 1.80:1 with white: darkened, same hue, now at least 3:1 but not much more.
    const darker = strokeOnWhite("#93c5fd");
    expect(darker).not.toBe("#93c5fd");
    expect(contrastWithWhite("#93c5fd")).toBeCloseTo(1.8, 2);
    expect(contrastWithWhite(darker)).toBeGreaterThanOrEqual(3);
    expect(contrastWithWhite(darker)).toBeLessThan(3.3);
    // Pure yellow (1.07:1) as well; white itself ends black-ish but still a line.
    expect(contrastWithWhite(strokeOnWhite("#ffff00"))).toBeGreaterThanOrEqual(3);
    expect(contrastWithWhite(strokeOnWhite("#ffffff"))).toBeGreaterThanOrEqual(3);
    expect(strokeOnWhite("teal")).toBe("#334155");
  });
});
