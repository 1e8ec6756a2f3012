/**
 * Code-space helpers for the mapping editor. A code is three digits, recency, frequency and
 * monetary score, each 1..bins (the API validates; these only lay the codes out and compare
 * versions).
 */

export interface Scores {
  r: number;
  f: number;
  m: number;
}

export function codeOf({ r, f, m }: Scores): string {
  return `${r}${f}${m}`;
}

export function scoresOf(code: string): Scores {
  return { r: Number(code[0]), f: Number(code[1]), m: Number(code[2]) };
}

/** Scores from the best (`bins`) down to 1: the order panels, rows run in the editor. */
export function descending(bins: number): number[] {
  return Array.from({ length: bins }, (_, i) => bins - i);
}

/** Scores from 1 up to `bins`. */
export function ascending(bins: number): number[] {
  return Array.from({ length: bins }, (_, i) => i + 1);
}

/** Every code for `bins`, best recency first (444, 443, ... 111 for four bins). */
export function allCodes(bins: number): string[] {
  const out: string[] = [];
  for (const r of descending(bins))
    for (const f of descending(bins)) for (const m of descending(bins)) out.push(codeOf({ r, f, m }));
  return out;
}

interface SegmentCodes {
  readonly name: string;
  readonly codes: readonly string[];
}

/** code -> segment name. A code listed twice keeps its first segment (the API reports the problem). */
export function segmentByCode(segments: readonly SegmentCodes[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const segment of segments)
    for (const code of segment.codes) if (!map.has(code)) map.set(code, segment.name);
  return map;
}

export interface CodeMove {
  code: string;
  /** Segment before; null when the code was unassigned. */
  from: string | null;
  /** Segment after; null when the code became unassigned. */
  to: string | null;
}

/**
 * The codes whose segment differs between two mappings, in code order (best first). A renamed
 * segment shows all its codes moving from the old name to the new one.
 */
export function codeMoves(before: readonly SegmentCodes[], after: readonly SegmentCodes[]): CodeMove[] {
  const was = segmentByCode(before);
  const now = segmentByCode(after);
  const codes = [...new Set([...was.keys(), ...now.keys()])].sort((a, b) => b.localeCompare(a));
  const moves: CodeMove[] = [];
  for (const code of codes) {
    const from = was.get(code) ?? null;
    const to = now.get(code) ?? null;
    if (from !== to) moves.push({ code, from, to });
  }
  return moves;
}

/** Moves grouped as "from -> to: codes", for a compact summary. */
export function groupMoves(
  moves: readonly CodeMove[],
): { from: string | null; to: string | null; codes: string[] }[] {
  const groups = new Map<string, { from: string | null; to: string | null; codes: string[] }>();
  for (const move of moves) {
    const key = `${move.from ?? ""}\u0000${move.to ?? ""}`;
    const group = groups.get(key) ?? { from: move.from, to: move.to, codes: [] };
    group.codes.push(move.code);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * The mapping after moving `codes` to `target`, as assignCodes does on the server: the codes
 * leave every other segment and join the target once. Used to show an edit (grid and
 * preview) before the server has answered.
 */
export function moveCodes<S extends SegmentCodes>(
  segments: readonly S[],
  codes: readonly string[],
  target: string,
): (S & { codes: string[] })[] {
  const moving = new Set(codes);
  return segments.map((segment) => {
    const kept = segment.codes.filter((code) => !moving.has(code));
    if (segment.name !== target) return { ...segment, codes: kept };
    return { ...segment, codes: [...kept, ...codes.filter((code, i) => codes.indexOf(code) === i)] };
  });
}

/**
 * Keyboard movement in the editor's grid. Panels are recency scores laid left to right from
 * the best; inside a panel rows are frequency (best at the top) and columns monetary (1 at the
 * left). Left/Right walk along a row and continue into the neighbouring panel; Up/Down change
 * the frequency; Home/End jump to the first/last panel, PageUp/PageDown to the previous/next
 * panel, keeping F and M. Movement stops at the edges.
 */
export function moveFocus(from: Scores, key: string, bins: number): Scores | null {
  const { r, f, m } = from;
  switch (key) {
    case "ArrowUp":
      return f < bins ? { r, f: f + 1, m } : from;
    case "ArrowDown":
      return f > 1 ? { r, f: f - 1, m } : from;
    case "ArrowRight":
      if (m < bins) return { r, f, m: m + 1 };
      return r > 1 ? { r: r - 1, f, m: 1 } : from;
    case "ArrowLeft":
      if (m > 1) return { r, f, m: m - 1 };
      return r < bins ? { r: r + 1, f, m: bins } : from;
    case "PageDown":
      return r > 1 ? { r: r - 1, f, m } : from;
    case "PageUp":
      return r < bins ? { r: r + 1, f, m } : from;
    case "Home":
      return { r: bins, f, m: 1 };
    case "End":
      return { r: 1, f, m: bins };
    default:
      return null;
  }
}
