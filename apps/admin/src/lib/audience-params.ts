/**
 * The Audiences page's state in its URL: one query parameter per audience filter field, the
 * same names the API's export route and `rfm export` take (docs/api.md, "Audience filters"):
 *
 *   segment=champions   (key or name)          codes=444,443
 *   r=4-  f=2-3  m=4    (score ranges: min-max, min-, -max, or one score)
 *   province=ON  region=...  city=...  channel=online  search=smith
 *   recencyDays=0-30    spendMin=100  spendMax=500.50  clvMin=50  clvMax=
 *   enteredSince=2024-06-01  run=12  movedFrom=lost-customer  movedFromRun=11
 *   audience=Ontario%20Champions   (the saved audience these filters were opened from; not a filter)
 *
 * The movement matrix links here with exactly `segment`, `run`, `movedFrom` and `movedFromRun`.
 * A malformed value is left out of the filter (the API would refuse it) and reported by `problems`.
 */
import {
  AUDIENCE_PARAMS,
  type AudienceParam,
  parseParamRange,
  parseParamWhole,
} from "@rfm/core/audience-params";
import type { CustomerFilter } from "../graphql/generated/graphql";

export { AUDIENCE_PARAMS, type AudienceParam };

function range(text: string | null): { min?: number; max?: number } | null {
  return text ? parseParamRange(text) : null;
}

function whole(text: string | null): number | null {
  return text ? parseParamWhole(text) : null;
}

/** The filter of a URL's query parameters (empty and malformed ones left out). */
export function filterOfParams(params: URLSearchParams): CustomerFilter {
  const get = (name: AudienceParam) => {
    const value = params.get(name)?.trim();
    return value ? value : null;
  };
  const filter: CustomerFilter = {};
  for (const field of [
    "segment",
    "province",
    "region",
    "city",
    "channel",
    "search",
    "enteredSince",
  ] as const) {
    const value = get(field);
    if (value) filter[field] = value;
  }
  const codes = get("codes");
  if (codes)
    filter.codes = codes
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean);
  for (const field of ["r", "f", "m", "recencyDays"] as const) {
    const value = range(get(field));
    if (value) filter[field] = value;
  }
  for (const [field, min, max] of [
    ["spend", "spendMin", "spendMax"],
    ["clv", "clvMin", "clvMax"],
  ] as const) {
    if (get(min) || get(max)) filter[field] = { min: get(min), max: get(max) };
  }
  const run = whole(get("run"));
  if (run !== null) filter.run = run;
  const movedFrom = get("movedFrom");
  const movedFromRun = whole(get("movedFromRun"));
  if (movedFrom && movedFromRun !== null) filter.movedFrom = { segment: movedFrom, run: movedFromRun };
  return filter;
}

/** Parameters that were given but could not be read, by name. */
export function problems(params: URLSearchParams): string[] {
  const found: string[] = [];
  for (const field of ["r", "f", "m", "recencyDays"] as const) {
    const value = params.get(field);
    if (value?.trim() && !range(value)) found.push(field);
  }
  for (const field of ["run", "movedFromRun"] as const) {
    const value = params.get(field);
    if (value?.trim() && whole(value) === null) found.push(field);
  }
  if (Boolean(params.get("movedFrom")?.trim()) !== Boolean(params.get("movedFromRun")?.trim()))
    found.push("movedFrom");
  return found;
}

/** A parameter's new value in a copy of `params` (empty: removed), filters in their canonical order. */
export function withParam(params: URLSearchParams, name: string, value: string): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value.trim() === "") next.delete(name);
  else next.set(name, value);
  return next;
}

/** The query string of a filter plus any extra parameters (`audience`), in canonical order. */
export function paramsOfFilter(filter: CustomerFilter): URLSearchParams {
  const params = new URLSearchParams();
  const rangeText = (r: { min?: number | null; max?: number | null } | null | undefined) =>
    !r || (r.min == null && r.max == null)
      ? ""
      : r.min != null && r.min === r.max
        ? String(r.min)
        : `${r.min ?? ""}-${r.max ?? ""}`;
  const values: Record<AudienceParam, string> = {
    segment: filter.segment ?? "",
    codes: filter.codes?.join(",") ?? "",
    r: rangeText(filter.r),
    f: rangeText(filter.f),
    m: rangeText(filter.m),
    province: filter.province ?? "",
    region: filter.region ?? "",
    city: filter.city ?? "",
    channel: filter.channel ?? "",
    search: filter.search ?? "",
    recencyDays: rangeText(filter.recencyDays),
    spendMin: filter.spend?.min ?? "",
    spendMax: filter.spend?.max ?? "",
    clvMin: filter.clv?.min ?? "",
    clvMax: filter.clv?.max ?? "",
    enteredSince: filter.enteredSince ?? "",
    run: filter.run == null ? "" : String(filter.run),
    movedFrom: filter.movedFrom?.segment ?? "",
    movedFromRun: filter.movedFrom ? String(filter.movedFrom.run) : "",
  };
  for (const name of AUDIENCE_PARAMS) if (values[name] !== "") params.set(name, values[name]);
  return params;
}
