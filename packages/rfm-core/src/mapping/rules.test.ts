import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Bins } from "../codes";
import { RfmError } from "../errors";
import { expandRule, formatRule, parseRule } from "./rules";
import type { ScoreRange, SegmentRule } from "./types";

function thrown(fn: () => unknown): RfmError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RfmError) return error;
    throw error;
  }
  throw new Error("expected an RfmError, nothing was thrown");
}

describe("expandRule", () => {
  it.each<[string, SegmentRule, Bins, string[]]>([
    [
      "R4 with 4 bins gives the 16 codes starting with 4",
      { r: 4 },
      4,
      // biome-ignore format: eight codes to a line, one line per pair of frequency scores
      [
        "411", "412", "413", "414", "421", "422", "423", "424",
        "431", "432", "433", "434", "441", "442", "443", "444",
      ],
    ],
    [
      "R3-4 F3-4 M3-4 gives the 8 codes of the top corner",
      { r: [3, 4], f: [3, 4], m: [3, 4] },
      4,
      ["333", "334", "343", "344", "433", "434", "443", "444"],
    ],
    ["a one-score range [2, 2] is the score 2", { r: [2, 2], f: 1, m: [4, 4] }, 4, ["214"]],
    [
      "the empty rule gives every code (2 bins)",
      {},
      2,
      ["111", "112", "121", "122", "211", "212", "221", "222"],
    ],
    ["F2 M1-2 with 3 bins", { f: 2, m: [1, 2] }, 3, ["121", "122", "221", "222", "321", "322"]],
    ["R2-3 M3 with 3 bins", { r: [2, 3], m: 3 }, 3, ["213", "223", "233", "313", "323", "333"]],
    ["R5 F5 M4-5 with 5 bins", { r: 5, f: 5, m: [4, 5] }, 5, ["554", "555"]],
    [
      "R1-5 F1 M1 with 5 bins, the full recency range",
      { r: [1, 5], f: 1, m: 1 },
      5,
      ["111", "211", "311", "411", "511"],
    ],
  ])("%s", (_name, rule, bins, expected) => {
    expect(expandRule(rule, bins)).toEqual(expected);
  });

  it.each<[string, unknown, string]>([
    ["a reversed range", { r: [4, 3] }, "Rule R4-3 F* M*: R range 4-3 is reversed (low end above high end)"],
    ["score 0, below 1", { f: 0 }, "Rule R* F0 M*: F score 0 is not an integer from 1 to 4"],
    ["score 5, above bins 4", { m: 5 }, "Rule R* F* M5: M score 5 is not an integer from 1 to 4"],
    ["a range ending above bins", { r: [1, 5] }, "Rule R1-5 F* M*: R score 5 is not an integer from 1 to 4"],
    ["a fractional score", { r: 2.5 }, "Rule R2.5 F* M*: R score 2.5 is not an integer from 1 to 4"],
    ["NaN", { f: Number.NaN }, "Rule R* FNaN M*: F score NaN is not an integer from 1 to 4"],
    ["a score given as a string", { r: "4" }, 'Rule R"4" F* M*: R score "4" is not an integer from 1 to 4'],
    [
      "a range of three numbers",
      { r: [1, 2, 3] },
      "Rule R[1,2,3] F* M*: R a range must be [low, high], got [1,2,3]",
    ],
    [
      "an upper-case key, which would otherwise mean any score",
      { R: 4 },
      'unknown dimension "R" (use r, f and m)',
    ],
    ["an unknown key", { x: 1 }, 'unknown dimension "x"'],
  ])("rejects %s with INVALID_RULE naming the rule", (_name, rule, message) => {
    const error = thrown(() => expandRule(rule as SegmentRule, 4));
    expect(error.code).toBe("INVALID_RULE");
    expect(error.message).toContain(message);
  });

  it("rejects bins outside 2..9 with INVALID_BINS", () => {
    expect(thrown(() => expandRule({}, 10 as Bins)).code).toBe("INVALID_BINS");
  });
});

describe("parseRule", () => {
  it.each<[string, SegmentRule]>([
    ["R4 F3-4", { r: 4, f: [3, 4] }],
    ["R 4, F 3-4, M any", { r: 4, f: [3, 4] }],
    ["r=3-4 m=4", { r: [3, 4], m: 4 }],
    ["R4F3-4M*", { r: 4, f: [3, 4] }],
    ["R: 1; F=2", { r: 1, f: 2 }],
    ["recency=2 frequency 1-2 monetary ANY", { r: 2, f: [1, 2] }],
    ["R* F* M*", {}],
    ["  m4  ", { m: 4 }],
    ["R3 - 4", { r: [3, 4] }],
    ["f1-1", { f: [1, 1] }],
    ["M1-4", { m: [1, 4] }],
  ])("reads %j", (text, expected) => {
    expect(parseRule(text, 4)).toEqual(expected);
  });

  it.each<[string, string, string]>([
    ["R5", "R5", '"R5": score 5 is not an integer from 1 to 4'],
    ["R0", "R0", '"R0": score 0 is not an integer from 1 to 4'],
    ["F4-3", "F4-3", '"F4-3": range 4-3 is reversed'],
    ["M2-5", "M2-5", '"M2-5": score 5 is not an integer from 1 to 4'],
    ["X3", "X3", 'unknown dimension "X" in "X3"'],
    ["R4 any", "any", 'unknown dimension "any"'],
    ["R", "R", '"R" needs a score: found nothing after R'],
    ["R x F2", "x", '"R" needs a score: found "x" after R'],
    ["R4 R3", "R3", 'R is given twice ("R3")'],
    ["R* r4", "r4", 'R is given twice ("r4")'],
    ["recency=1 R2", "R2", "R is given twice"],
    ["R4-", "R4-", '"R4-" is not a score or a range'],
    ["r2.5", "r2.5", '"r2.5" is not a score or a range'],
    ["R 4 5", "5", 'unexpected "5"'],
    ["F3 !", "!", 'unexpected "!"'],
    ["", "", "the rule is empty"],
    ["   ", "", "the rule is empty"],
  ])("rejects %j with INVALID_RULE naming the token %j", (text, token, message) => {
    const error = thrown(() => parseRule(text, 4));
    expect(error.code).toBe("INVALID_RULE");
    expect(error.details).toMatchObject({ text, token });
    expect(error.message.startsWith(`Invalid rule "${text}": `)).toBe(true);
    expect(error.message).toContain(message);
  });

  it("with 3 bins accepts R3 F1-3 and rejects R4", () => {
    expect(parseRule("R3 F1-3", 3)).toEqual({ r: 3, f: [1, 3] });
    const error = thrown(() => parseRule("R4", 3));
    expect(error.message).toBe('Invalid rule "R4": "R4": score 4 is not an integer from 1 to 3');
  });

  it("with 5 bins accepts R5 M4-5 and rejects M6", () => {
    expect(parseRule("R5 M4-5", 5)).toEqual({ r: 5, m: [4, 5] });
    expect(expandRule(parseRule("R5 F5 M4-5", 5), 5)).toEqual(["554", "555"]);
    expect(thrown(() => parseRule("M6", 5)).details).toMatchObject({ token: "M6" });
  });

  it("rejects bins outside 2..9 with INVALID_BINS", () => {
    expect(thrown(() => parseRule("R1", 1 as Bins)).code).toBe("INVALID_BINS");
  });
});

describe("formatRule", () => {
  it.each<[SegmentRule, string]>([
    [{}, "R* F* M*"],
    [{ r: 4, f: [3, 4] }, "R4 F3-4 M*"],
    [{ r: [1, 2], m: 4 }, "R1-2 F* M4"],
    [{ m: [2, 2] }, "R* F* M2"],
    [{ r: [4, 3] }, "R4-3 F* M*"],
  ])("writes %j as %j", (rule, text) => {
    expect(formatRule(rule)).toBe(text);
  });
});

/** A valid range for `bins`, or undefined (any score). */
const rangeArb = (bins: number): fc.Arbitrary<ScoreRange | undefined> =>
  fc.oneof(
    fc.constant(undefined),
    fc.integer({ min: 1, max: bins }),
    fc
      .tuple(fc.integer({ min: 1, max: bins }), fc.integer({ min: 1, max: bins }))
      .map(([a, b]): ScoreRange => [Math.min(a, b), Math.max(a, b)]),
  );

const ruleArb = fc.integer({ min: 2, max: 9 }).chain((bins) =>
  fc.tuple(
    fc.constant(bins as Bins),
    fc.record({ r: rangeArb(bins), f: rangeArb(bins), m: rangeArb(bins) }).map((parts) => {
      const rule: { r?: ScoreRange; f?: ScoreRange; m?: ScoreRange } = {};
      if (parts.r !== undefined) rule.r = parts.r;
      if (parts.f !== undefined) rule.f = parts.f;
      if (parts.m !== undefined) rule.m = parts.m;
      return rule;
    }),
  ),
);

describe("rule properties", () => {
  const inRange = (score: number, range: ScoreRange | undefined): boolean =>
    range === undefined ||
    (typeof range === "number" ? score === range : score >= range[0] && score <= range[1]);

  it("a rule expands to exactly the codes whose three scores lie in its ranges, in code order", () => {
    fc.assert(
      fc.property(ruleArb, ([bins, rule]) => {
        const expected: string[] = [];
        for (let r = 1; r <= bins; r++)
          for (let f = 1; f <= bins; f++)
            for (let m = 1; m <= bins; m++)
              if (inRange(r, rule.r) && inRange(f, rule.f) && inRange(m, rule.m))
                expected.push(`${r}${f}${m}`);
        expect(expandRule(rule, bins)).toEqual(expected);
      }),
    );
  });

  it("parseRule(formatRule(rule)) matches the same codes as the rule", () => {
    fc.assert(
      fc.property(ruleArb, ([bins, rule]) => {
        expect(expandRule(parseRule(formatRule(rule), bins), bins)).toEqual(expandRule(rule, bins));
      }),
    );
  });
});
