/**
 * The segment of each code in a profile's current state, built once per state (the run and the
 * published mapping, shared by requests until either changes: segment/current.ts), never per
 * customer: a page of 250 customers looks each one's segment up in an array.
 */
import type { CurrentView } from "../segment/current";
import { segmentsOf } from "../segment/segment.service";
import { type Segment, toSegment } from "../segment/segment.type";

const tables = new WeakMap<CurrentView, Map<string, readonly (Segment | null)[]>>();

/**
 * The segment per dense code index under the view's published mapping, with the current run's
 * figures (as `segments` gives them), read in `profile` (a key; null: the default). Empty (so
 * every code has no segment) before the first run or when the run has other bins.
 */
export function segmentsByCode(
  view: CurrentView,
  profile: string | null | undefined,
): readonly (Segment | null)[] {
  let byProfile = tables.get(view);
  if (!byProfile) {
    byProfile = new Map();
    tables.set(view, byProfile);
  }
  const name = profile ?? "";
  let table = byProfile.get(name);
  if (!table) {
    table = build(view, profile);
    byProfile.set(name, table);
  }
  return table;
}

function build(view: CurrentView, profile: string | null | undefined): (Segment | null)[] {
  const compiled = view.mapping.compiled;
  if (!view.run || view.run.bins !== compiled.bins) return [];
  const segments = segmentsOf(view).map((row) => toSegment(row, profile));
  return Array.from(compiled.segmentOfCode, (position) => segments[position] ?? null);
}
