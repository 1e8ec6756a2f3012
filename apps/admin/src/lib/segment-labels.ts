const MINOR_WORDS = new Set(["a", "an", "and", "of", "the", "to", "for", "in", "on"]);

function words(name: string): string[] {
  const all = name.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  const major = all.filter((w) => !MINOR_WORDS.has(w.toLowerCase()));
  return major.length > 0 ? major : all;
}

function capitalize(part: string): string {
  return part.charAt(0).toUpperCase() + part.slice(1).toLowerCase();
}

/** Candidate labels for one name, shortest and most obvious first. */
function candidates(name: string): string[] {
  const ws = words(name);
  const first = ws[0] ?? "?";
  const rest = ws.slice(1).map((w) => w.charAt(0).toUpperCase());
  const out: string[] = [];
  if (ws.length === 1) {
    if (/^[A-Z0-9]{2,3}$/.test(first)) out.push(first);
    out.push(capitalize(first.slice(0, 2)), capitalize(first.slice(0, 3)), capitalize(first.slice(0, 4)));
  } else {
    out.push(first.charAt(0).toUpperCase() + rest.join(""));
    for (let n = 2; n <= Math.min(4, first.length); n++)
      out.push(capitalize(first.slice(0, n)) + rest.join(""));
  }
  return out;
}

/**
 * A short label per segment (`Champions` -> `Ch`, `Loyal Customer` -> `LC`), unique within the
 * list, so a cell of the mapping grid names its segment in text as well as by color. Names are
 * labelled in the order given (display order), each taking its first candidate not already
 * taken: with `Loyal Customer` before `Lost Customer` they become `LC` and `LoC`. Names that
 * run out of candidates get their initials and a number.
 */
export function shortLabels(names: readonly string[]): Map<string, string> {
  const taken = new Set<string>();
  const labels = new Map<string, string>();
  for (const name of names) {
    if (labels.has(name)) continue;
    let label = candidates(name).find((c) => !taken.has(c.toLowerCase()));
    if (label === undefined) {
      const base = candidates(name)[0] ?? "S";
      for (let i = 2; label === undefined; i++) {
        if (!taken.has(`${base}${i}`.toLowerCase())) label = `${base}${i}`;
      }
    }
    taken.add(label.toLowerCase());
    labels.set(name, label);
  }
  return labels;
}

/** Black or white text, whichever reads better on a `#rrggbb` background (WCAG luminance). */
export function textColorOn(background: string): "#000000" | "#ffffff" {
  const match = /^#?([0-9a-f]{6})$/i.exec(background.trim());
  if (!match?.[1]) return "#000000";
  const value = Number.parseInt(match[1], 16);
  const channels = [(value >> 16) & 255, (value >> 8) & 255, value & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const [r = 0, g = 0, b = 0] = channels;
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white is 1.05 / (L + 0.05); with black (L + 0.05) / 0.05. Pick the larger.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? "#ffffff" : "#000000";
}
