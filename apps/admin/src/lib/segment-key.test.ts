import { describe, expect, it } from "vitest";
import { suggestSegmentKey } from "./segment-key";

describe("suggestSegmentKey (the API's default key, rfm-core segmentKey)", () => {
  it.each([
    ["Champions", "champions"],
    ["Can't Lose Them", "cant-lose-them"],
    ["Über Kunden", "uber-kunden"],
    ["Top 10%", "top-10"],
    ["★", ""],
  ])("%s -> %s", (name, key) => {
    expect(suggestSegmentKey(name)).toBe(key);
  });
});
