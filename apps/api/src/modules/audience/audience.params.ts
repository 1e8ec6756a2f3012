/**
 * An audience definition as flat text parameters: the export route's query string, `rfm
 * export`'s options and the admin's Audiences URL use these names (docs/api.md lists them):
 *
 *   segment=champions  codes=444,443  r=4-  f=2-3  m=4  province=ON  region=...  city=...
 *   channel=online  search=smith  recencyDays=0-30  spendMin=100  spendMax=500.50
 *   clvMin=50  clvMax=  enteredSince=2024-06-01  run=12  movedFrom=lost  movedFromRun=11
 *
 * Ranges are `min-max`, `min-` or `-max` (or one number for both ends); money bounds are
 * decimal amounts in the run's currency. A malformed value is BAD_USER_INPUT naming its
 * parameter (`field: "query.r"` on the route, `--r` on the command line, by `fieldOf`).
 */
import {
  AUDIENCE_PARAMS,
  type AudienceParam,
  parseParamRange,
  parseParamWhole,
} from "@rfm/core/audience-params";
import { AppError } from "../../app-error";
import type { AudienceFilter, IntRange } from "./audience.filter";
import { normaliseFilter } from "./audience.filter";

export { AUDIENCE_PARAMS, type AudienceParam };

export type AudienceParams = Partial<Record<AudienceParam, string | undefined>>;

function intRange(text: string, field: string): IntRange {
  const range = parseParamRange(text);
  if (!range) {
    throw new AppError("BAD_USER_INPUT", `${field} must be a range such as 4-5, 4-, -3 or 4; got "${text}"`, {
      field,
    });
  }
  return range;
}

function whole(text: string, field: string): number {
  const run = parseParamWhole(text);
  if (run === null) {
    throw new AppError("BAD_USER_INPUT", `${field} must be a run number; got "${text}"`, { field });
  }
  return run;
}

/**
 * The filter of some parameters; `fieldOf` names a parameter in messages (`query.r`, `--r`).
 * Parameters left out or empty are no condition.
 */
export function filterFromParams(
  params: AudienceParams,
  fieldOf: (param: AudienceParam) => string = (param) => param,
): AudienceFilter {
  const given = (param: AudienceParam): string | null => {
    const value = params[param]?.trim();
    return value ? value : null;
  };
  const range = (param: "r" | "f" | "m" | "recencyDays") => {
    const value = given(param);
    return value === null ? null : intRange(value, fieldOf(param));
  };
  const money = (min: AudienceParam, max: AudienceParam) =>
    given(min) === null && given(max) === null ? null : { min: given(min), max: given(max) };
  const movedFrom = given("movedFrom");
  const movedFromRun = given("movedFromRun");
  if ((movedFrom === null) !== (movedFromRun === null)) {
    const missing = movedFrom === null ? "movedFrom" : "movedFromRun";
    throw new AppError(
      "BAD_USER_INPUT",
      `${fieldOf(missing)} is needed with ${fieldOf(movedFrom === null ? "movedFromRun" : "movedFrom")}: customers who were in segment movedFrom in run movedFromRun`,
      { field: fieldOf(missing) },
    );
  }
  const codes = given("codes");
  const run = given("run");
  return normaliseFilter({
    segment: given("segment"),
    codes: codes === null ? null : codes.split(",").map((c) => c.trim()),
    r: range("r"),
    f: range("f"),
    m: range("m"),
    province: given("province"),
    region: given("region"),
    city: given("city"),
    channel: given("channel"),
    search: given("search"),
    recencyDays: range("recencyDays"),
    spend: money("spendMin", "spendMax"),
    clv: money("clvMin", "clvMax"),
    enteredSince: given("enteredSince"),
    run: run === null ? null : whole(run, fieldOf("run")),
    movedFrom:
      movedFrom !== null && movedFromRun !== null
        ? { segment: movedFrom, run: whole(movedFromRun, fieldOf("movedFromRun")) }
        : null,
  });
}

const rangeText = (range: IntRange | null | undefined): string | undefined => {
  if (!range || (range.min == null && range.max == null)) return undefined;
  if (range.min != null && range.min === range.max) return String(range.min);
  return `${range.min ?? ""}-${range.max ?? ""}`;
};

/** The parameters of a filter, in `AUDIENCE_PARAMS` order, empty ones left out (round-trips `filterFromParams`). */
export function paramsOfFilter(filter: AudienceFilter): [AudienceParam, string][] {
  const f = normaliseFilter(filter);
  const values: Record<AudienceParam, string | undefined> = {
    segment: f.segment ?? undefined,
    codes: f.codes ? f.codes.join(",") : undefined,
    r: rangeText(f.r),
    f: rangeText(f.f),
    m: rangeText(f.m),
    province: f.province ?? undefined,
    region: f.region ?? undefined,
    city: f.city ?? undefined,
    channel: f.channel ?? undefined,
    search: f.search ?? undefined,
    recencyDays: rangeText(f.recencyDays),
    spendMin: f.spend?.min ?? undefined,
    spendMax: f.spend?.max ?? undefined,
    clvMin: f.clv?.min ?? undefined,
    clvMax: f.clv?.max ?? undefined,
    enteredSince: f.enteredSince ?? undefined,
    run: f.run == null ? undefined : String(f.run),
    movedFrom: f.movedFrom?.segment,
    movedFromRun: f.movedFrom ? String(f.movedFrom.run) : undefined,
  };
  return AUDIENCE_PARAMS.flatMap((param) => {
    const value = values[param];
    return value === undefined ? [] : [[param, value] as [AudienceParam, string]];
  });
}

/** The filter as a query string (`segment=champions&province=ON`), canonical: what a signed URL signs. */
export function queryOfFilter(filter: AudienceFilter): string {
  return new URLSearchParams(paramsOfFilter(filter)).toString();
}
