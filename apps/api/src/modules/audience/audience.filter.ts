/**
 * An audience definition as plain data: a segment plus filters. The GraphQL `CustomerFilter`
 * has this shape, a saved audience stores it as JSON, and the export route and `rfm export`
 * read it from their parameters (audience.params.ts). `compileAudience` (audience.compile.ts)
 * is the one place that gives it meaning.
 */

/** Inclusive bounds; a missing end is open. */
export interface IntRange {
  readonly min?: number | null;
  readonly max?: number | null;
}

/** Inclusive bounds as decimal strings (`"120.50"`), in the run's currency; a missing end is open. */
export interface DecimalRange {
  readonly min?: string | null;
  readonly max?: string | null;
}

/** Customers who were in `segment` in run `run`. */
export interface MovedFrom {
  readonly run: number;
  /** A segment's key or name under the published mapping. */
  readonly segment: string;
}

export interface AudienceFilter {
  /** A segment of the published mapping, by key or by name (case-insensitive). */
  readonly segment?: string | null;
  /** RFM codes such as `444`. */
  readonly codes?: readonly string[] | null;
  readonly r?: IntRange | null;
  readonly f?: IntRange | null;
  readonly m?: IntRange | null;
  readonly province?: string | null;
  readonly region?: string | null;
  readonly city?: string | null;
  /** Customers with at least one stored order in this channel (any time). */
  readonly channel?: string | null;
  /** Case-insensitive substring of the customer id, name or email. */
  readonly search?: string | null;
  /** Days since the last purchase. */
  readonly recencyDays?: IntRange | null;
  /** The run's monetary (net spend), in the run's currency. */
  readonly spend?: DecimalRange | null;
  /** Predicted lifetime value, in the run's currency (customers without one never match). */
  readonly clv?: DecimalRange | null;
  /** In their current segment continuously since this store day (`YYYY-MM-DD`) or later. */
  readonly enteredSince?: string | null;
  /** A complete run of the profile; default the current run. */
  readonly run?: number | null;
  readonly movedFrom?: MovedFrom | null;
}

/** The filter's fields, in the order summaries and parameters list them. */
export const FILTER_FIELDS = [
  "segment",
  "codes",
  "r",
  "f",
  "m",
  "province",
  "region",
  "city",
  "channel",
  "search",
  "recencyDays",
  "spend",
  "clv",
  "enteredSince",
  "run",
  "movedFrom",
] as const satisfies readonly (keyof AudienceFilter)[];

const range = (given: IntRange | DecimalRange | null | undefined): string | null => {
  if (!given || (given.min == null && given.max == null)) return null;
  if (given.min != null && given.min === given.max) return String(given.min);
  return `${given.min ?? ""}-${given.max ?? ""}`;
};

/**
 * The filter without its empty parts, as plain JSON (what a saved audience stores): fields in
 * `FILTER_FIELDS` order, empty strings, empty ranges and nulls left out.
 */
export function normaliseFilter(filter: AudienceFilter | null | undefined): AudienceFilter {
  if (!filter) return {};
  const out: Record<string, unknown> = {};
  const text = (value: string | null | undefined) => {
    const trimmed = value?.trim();
    return trimmed ? trimmed : null;
  };
  const bounds = <T extends IntRange | DecimalRange>(given: T | null | undefined) =>
    given && (given.min != null || given.max != null)
      ? { ...(given.min != null ? { min: given.min } : {}), ...(given.max != null ? { max: given.max } : {}) }
      : null;
  for (const field of FILTER_FIELDS) {
    let value: unknown;
    switch (field) {
      case "codes":
        value = filter.codes && filter.codes.length > 0 ? [...filter.codes] : null;
        break;
      case "r":
      case "f":
      case "m":
      case "recencyDays":
      case "spend":
      case "clv":
        value = bounds(filter[field]);
        break;
      case "run":
        value = filter.run ?? null;
        break;
      case "movedFrom":
        value = filter.movedFrom
          ? { run: filter.movedFrom.run, segment: filter.movedFrom.segment.trim() }
          : null;
        break;
      default:
        value = text(filter[field]);
    }
    if (value !== null && value !== undefined) out[field] = value;
  }
  return out as AudienceFilter;
}

/** A one-line account of a filter, for the export log and messages: `segment champions, province ON, r 4-`. */
export function summariseFilter(filter: AudienceFilter): string {
  const parts: string[] = [];
  const f = normaliseFilter(filter);
  for (const field of FILTER_FIELDS) {
    const value = f[field];
    if (value === undefined) continue;
    if (field === "codes") parts.push(`codes ${(value as string[]).join("|")}`);
    else if (field === "movedFrom") {
      const moved = value as MovedFrom;
      parts.push(`moved from ${moved.segment} in run ${moved.run}`);
    } else if (typeof value === "object") parts.push(`${field} ${range(value as IntRange)}`);
    else parts.push(`${field} ${value}`);
  }
  return parts.length === 0 ? "everyone" : parts.join(", ");
}
