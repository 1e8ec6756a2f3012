import { describe, expect, it } from "vitest";
import { shortLabels, textColorOn } from "./segment-labels";

const DEFAULT_SEGMENTS = [
  "Champions",
  "Loyal Customer",
  "Potential Loyalist",
  "Promising Customers",
  "New Customer",
  "Price Sensitive",
  "Needs Attention",
  "About to Sleep",
  "Lost Customer",
];

describe("shortLabels", () => {
  it("gives every default segment a distinct label", () => {
    const labels = shortLabels(DEFAULT_SEGMENTS);
    expect(Object.fromEntries(labels)).toEqual({
      Champions: "Ch",
      "Loyal Customer": "LC",
      "Potential Loyalist": "PL",
      "Promising Customers": "PC",
      "New Customer": "NC",
      "Price Sensitive": "PS",
      "Needs Attention": "NA",
      "About to Sleep": "AS",
      "Lost Customer": "LoC",
    });
    expect(new Set(labels.values()).size).toBe(DEFAULT_SEGMENTS.length);
  });

  it("keeps an acronym name as it is", () => {
    expect(shortLabels(["VIP", "Regular"]).get("VIP")).toBe("VIP");
  });

  it("numbers names that run out of candidates", () => {
    const labels = shortLabels(["A b", "A b ", "a-b"]);
    expect(new Set(labels.values()).size).toBe(labels.size);
  });
});

describe("textColorOn", () => {
  it.each([
    ["#15803d", "#ffffff"],
    ["#fde047", "#000000"],
    ["#ffffff", "#000000"],
    ["#000000", "#ffffff"],
    ["not a color", "#000000"],
  ])("on %s the text is %s", (background, text) => {
    expect(textColorOn(background)).toBe(text);
  });
});
