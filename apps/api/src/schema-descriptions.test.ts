import { describe, expect, it } from "vitest";
import { vagueDescription } from "./schema-descriptions";

describe("vagueDescription", () => {
  it.each([
    [undefined, "no description"],
    ["", "no description"],
    ["   ", "no description"],
    ["Why.", "1 word: say what it means, its unit and when it is null"],
    ["Settings.", "1 word: say what it means, its unit and when it is null"],
    ["The item.", "2 words: say what it means, its unit and when it is null"],
    ["Orders left out:", "ends mid-sentence"],
    ["The number of", 'ends on "of": cut off'],
    ["Customers scored in the.", 'ends on "the": cut off'],
  ])("refuses %j (%s)", (description, why) => {
    expect(vagueDescription(description)).toBe(why);
  });

  it.each([
    "Customers scored in the run.",
    "The run's number, unique across profiles.",
    "Net revenue of the day in the store's currency (STORE_CURRENCY).",
    "Why the run failed, for people; null unless `status` is FAILED.",
  ])("accepts %j", (description) => {
    expect(vagueDescription(description)).toBeNull();
  });
});
