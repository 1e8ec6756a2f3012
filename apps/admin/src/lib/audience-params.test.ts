import { describe, expect, it } from "vitest";
import { filterOfParams, paramsOfFilter, problems } from "./audience-params";

describe("the Audiences URL", () => {
  it("reads the movement matrix's link: segment, run, movedFrom and movedFromRun", () => {
    const params = new URLSearchParams("segment=champions&run=12&movedFrom=lost-customer&movedFromRun=11");
    expect(filterOfParams(params)).toEqual({
      segment: "champions",
      run: 12,
      movedFrom: { segment: "lost-customer", run: 11 },
    });
  });

  it.each([
    ["r=4-", { r: { min: 4 } }],
    ["r=-2", { r: { max: 2 } }],
    ["r=3", { r: { min: 3, max: 3 } }],
    ["recencyDays=0-30", { recencyDays: { min: 0, max: 30 } }],
    ["spendMin=100&spendMax=250.50", { spend: { min: "100", max: "250.50" } }],
    ["province=ON&city=%20Toronto", { province: "ON", city: "Toronto" }],
    ["codes=444,443", { codes: ["444", "443"] }],
  ])("%s", (query, filter) => {
    expect(filterOfParams(new URLSearchParams(query))).toEqual(filter);
  });

  it("leaves malformed values out and names them", () => {
    const params = new URLSearchParams("r=x&run=twelve&movedFrom=lost-customer&province=ON");
    expect(filterOfParams(params)).toEqual({ province: "ON" });
    expect(problems(params)).toEqual(["r", "run", "movedFrom"]);
  });

  it("writes a filter back to the same parameters, in order", () => {
    const query =
      "segment=champions&r=4-&province=ON&spendMin=100&run=12&movedFrom=lost-customer&movedFromRun=11";
    expect(paramsOfFilter(filterOfParams(new URLSearchParams(query))).toString()).toBe(query);
  });
});
