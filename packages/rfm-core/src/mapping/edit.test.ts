import { describe, expect, it } from "vitest";
import { RfmError } from "../errors";
import { applyEdit, type DraftEdit, type EditableSegment } from "./edit";
import { validateMapping } from "./validate";

/** A 2-bin draft (8 codes): A holds 111-122, B holds 211-222 by rule R2, C is empty. */
function draft(): EditableSegment[] {
  return [
    {
      name: "A",
      key: "a",
      description: "a",
      action: "do a",
      color: "#111111",
      codes: ["111", "112", "121", "122"],
      rules: [],
    },
    {
      name: "B",
      key: "b",
      description: "b",
      action: "do b",
      color: "#222222",
      codes: ["211", "212", "221", "222"],
      rules: [{ r: 2 }],
    },
    { name: "C", key: "c", description: "c", action: "do c", color: "#333333", codes: [], rules: [] },
  ];
}

const apply = (edit: DraftEdit, segments = draft()) => applyEdit(2, segments, edit);
const summary = (segments: readonly EditableSegment[]) =>
  segments.map(
    (s) => `${s.name}:${s.codes.join(",")}${s.rules.length > 0 ? ` (${s.rules.length} rules)` : ""}`,
  );

function refusal(edit: DraftEdit): { code: string; message: string; details: Record<string, unknown> } {
  try {
    apply(edit);
  } catch (error) {
    if (error instanceof RfmError)
      return { code: error.code, message: error.message, details: { ...error.details } };
    throw error;
  }
  throw new Error("expected the edit to be refused");
}

describe("applyEdit: each kind of edit", () => {
  it("createSegment adds an empty segment at the end, name trimmed, color lower-cased, key the slug of the name", () => {
    const out = apply({
      kind: "createSegment",
      name: " VIP ",
      description: "top",
      action: "call",
      color: "#AA00FF",
    });
    expect(out[3]).toEqual({
      name: "VIP",
      key: "vip",
      description: "top",
      action: "call",
      color: "#aa00ff",
      codes: [],
      rules: [],
    });
  });

  it.each([
    { position: 0, names: ["VIP", "A", "B", "C"] },
    { position: 3, names: ["A", "B", "C", "VIP"] },
  ])("createSegment at position $position (the boundaries 0 and length)", ({ position, names }) => {
    const out = apply({
      kind: "createSegment",
      name: "VIP",
      description: "",
      action: "",
      color: "#000000",
      position,
    });
    expect(out.map((s) => s.name)).toEqual(names);
  });

  it("updateSegment renames, recolors and moves; a segment may keep its own name in another case", () => {
    const out = apply({
      kind: "updateSegment",
      name: "a",
      changes: { name: "a", description: "new", color: "#ABCDEF", position: 2 },
    });
    expect(out.map((s) => s.name)).toEqual(["B", "C", "a"]);
    expect(out[2]).toMatchObject({
      description: "new",
      action: "do a",
      color: "#abcdef",
      codes: ["111", "112", "121", "122"],
    });
  });

  it("deleteSegment without reassignment leaves its codes unassigned", () => {
    const out = apply({ kind: "deleteSegment", name: "A" });
    expect(summary(out)).toEqual(["B:211,212,221,222 (1 rules)", "C:"]);
    expect(validateMapping({ bins: 2, segments: out }).problems.map((p) => [p.code, p.codes])).toEqual([
      ["MAPPING_CODE_UNASSIGNED", ["111", "112", "121", "122"]],
    ]);
  });

  it("deleteSegment with reassignment gives its codes to the target, in code order, and drops the target's rules", () => {
    expect(summary(apply({ kind: "deleteSegment", name: "B", reassignTo: "a" }))).toEqual([
      "A:111,112,121,122,211,212,221,222",
      "C:",
    ]);
  });

  it("deleteSegment of an empty segment keeps the target's rules", () => {
    expect(summary(apply({ kind: "deleteSegment", name: "C", reassignTo: "B" }))).toEqual([
      "A:111,112,121,122",
      "B:211,212,221,222 (1 rules)",
    ]);
  });

  it("assignCodes moves codes (trimmed, repeats once) out of other segments, which lose their rules", () => {
    const out = apply({ kind: "assignCodes", codes: [" 222 ", "111", "222"], segment: "c" });
    expect(summary(out)).toEqual(["A:112,121,122", "B:211,212,221", "C:111,222"]);
  });

  it("assignCodes of codes a segment already has keeps its rules", () => {
    expect(summary(apply({ kind: "assignCodes", codes: ["211"], segment: "B" }))[1]).toBe(
      "B:211,212,221,222 (1 rules)",
    );
  });

  it("setSegmentRules makes the segment exactly the rules' codes, taken from others", () => {
    const out = apply({ kind: "setSegmentRules", segment: "C", rules: ["R* F2 M2", "r1 f1 m1"] });
    expect(summary(out)).toEqual(["A:112,121", "B:211,212,221", "C:111,122,222 (2 rules)"]);
    expect(out[2]!.rules).toEqual([
      { f: 2, m: 2 },
      { r: 1, f: 1, m: 1 },
    ]);
  });

  it("does not change the segments it was given", () => {
    const before = draft();
    apply({ kind: "assignCodes", codes: ["111"], segment: "C" }, before);
    expect(before).toEqual(draft());
  });
});

describe("applyEdit: each refusal names its code and field", () => {
  it.each<[string, DraftEdit, string, string]>([
    [
      "an unknown segment to update",
      { kind: "updateSegment", name: "Z", changes: {} },
      "SEGMENT_NOT_FOUND",
      "segment",
    ],
    ["an unknown segment to delete", { kind: "deleteSegment", name: "Z" }, "SEGMENT_NOT_FOUND", "segment"],
    [
      "an unknown segment to reassign to",
      { kind: "deleteSegment", name: "A", reassignTo: "Z" },
      "SEGMENT_NOT_FOUND",
      "reassignTo",
    ],
    [
      "an unknown segment to assign to",
      { kind: "assignCodes", codes: ["111"], segment: "Whales" },
      "SEGMENT_NOT_FOUND",
      "segment",
    ],
    [
      "an unknown segment to set rules on",
      { kind: "setSegmentRules", segment: "Z", rules: ["R1"] },
      "SEGMENT_NOT_FOUND",
      "segment",
    ],
    [
      "a duplicate name on create (trimmed, any case)",
      { kind: "createSegment", name: " a ", description: "", action: "", color: "#000000" },
      "DUPLICATE_SEGMENT",
      "input.name",
    ],
    [
      "a duplicate name on rename",
      { kind: "updateSegment", name: "A", changes: { name: "b" } },
      "DUPLICATE_SEGMENT",
      "input.name",
    ],
    [
      "a blank name",
      { kind: "createSegment", name: "  ", description: "", action: "", color: "#000000" },
      "INVALID_SEGMENT",
      "input.name",
    ],
    [
      "an 81-character name",
      { kind: "createSegment", name: "x".repeat(81), description: "", action: "", color: "#000000" },
      "INVALID_SEGMENT",
      "input.name",
    ],
    [
      "a color name",
      { kind: "updateSegment", name: "A", changes: { color: "purple" } },
      "INVALID_SEGMENT",
      "input.color",
    ],
    [
      "a short hex color",
      { kind: "createSegment", name: "D", description: "", action: "", color: "#fff" },
      "INVALID_SEGMENT",
      "input.color",
    ],
    [
      "a create position past the end",
      { kind: "createSegment", name: "D", description: "", action: "", color: "#000000", position: 4 },
      "INVALID_EDIT",
      "input.position",
    ],
    [
      "a negative position",
      { kind: "updateSegment", name: "A", changes: { position: -1 } },
      "INVALID_EDIT",
      "input.position",
    ],
    [
      "a move position past the last",
      { kind: "updateSegment", name: "A", changes: { position: 3 } },
      "INVALID_EDIT",
      "input.position",
    ],
    [
      "a fractional position",
      { kind: "updateSegment", name: "A", changes: { position: 1.5 } },
      "INVALID_EDIT",
      "input.position",
    ],
    [
      "a segment reassigned to itself",
      { kind: "deleteSegment", name: "A", reassignTo: " a" },
      "INVALID_EDIT",
      "reassignTo",
    ],
    ["no codes", { kind: "assignCodes", codes: [], segment: "A" }, "INVALID_EDIT", "codes"],
    ["no rules", { kind: "setSegmentRules", segment: "A", rules: [] }, "INVALID_EDIT", "rules"],
    [
      "a rule out of the bins",
      { kind: "setSegmentRules", segment: "A", rules: ["R1", "R3 F1 M1"] },
      "INVALID_RULE",
      "rules[1]",
    ],
    [
      "an unreadable rule",
      { kind: "setSegmentRules", segment: "A", rules: ["X1"] },
      "INVALID_RULE",
      "rules[0]",
    ],
  ])("%s: %s on %s", (_, edit, code, field) => {
    expect(refusal(edit)).toMatchObject({ code, details: { field } });
  });

  it("invalid codes are all named, as written, before the segment is looked up", () => {
    const refused = refusal({ kind: "assignCodes", codes: ["111", "130", "1111", " 3 "], segment: "Whales" });
    expect(refused).toEqual({
      code: "INVALID_CODE",
      message: "not RFM codes for 2 bins: 130, 1111,  3  (each digit is a score from 1 to 2)",
      details: { field: "codes", codes: ["130", "1111", " 3 "] },
    });
  });

  it("an unknown segment lists the segments there are", () => {
    expect(refusal({ kind: "assignCodes", codes: ["111"], segment: "Whales" })).toEqual({
      code: "SEGMENT_NOT_FOUND",
      message: 'no segment "Whales" in the draft; segments: A, B, C',
      details: { field: "segment", segments: ["A", "B", "C"] },
    });
  });

  it("a duplicate name names the segment that has it", () => {
    expect(refusal({ kind: "updateSegment", name: "C", changes: { name: "B " } })).toMatchObject({
      message: 'a segment named "B" already exists',
      details: { field: "input.name", segment: "B" },
    });
  });

  it("an 80-character name is accepted", () => {
    const name = "x".repeat(80);
    expect(
      apply({ kind: "createSegment", name, description: "", action: "", color: "#000000" })[3]!.name,
    ).toBe(name);
  });
});

describe("applyEdit: segment keys", () => {
  it("createSegment keeps a key given, valid and unique", () => {
    const out = apply({
      kind: "createSegment",
      name: "VIP",
      key: "top-tier",
      description: "",
      action: "",
      color: "#000000",
    });
    expect(out[3]!.key).toBe("top-tier");
  });

  it("updateSegment renaming a segment keeps its key", () => {
    const out = apply({ kind: "updateSegment", name: "A", changes: { name: "Alpha" } });
    expect(out.map((s) => [s.name, s.key])).toEqual([
      ["Alpha", "a"],
      ["B", "b"],
      ["C", "c"],
    ]);
  });

  it.each([
    { key: "Top", message: /not a segment key/ },
    { key: "top--tier", message: /not a segment key/ },
    { key: "-top", message: /not a segment key/ },
    { key: "", message: /cannot be empty/ },
    { key: "a".repeat(65), message: /at most 64/ },
  ])("createSegment refuses the key $key with INVALID_SEGMENT on input.key", ({ key, message }) => {
    expect(() =>
      apply({ kind: "createSegment", name: "VIP", key, description: "", action: "", color: "#000000" }),
    ).toThrowError(
      expect.objectContaining({
        code: "INVALID_SEGMENT",
        details: expect.objectContaining({ field: "input.key" }),
        message: expect.stringMatching(message),
      }),
    );
  });

  it("createSegment accepts a key of exactly 64 characters", () => {
    const key = "a".repeat(64);
    expect(
      apply({ kind: "createSegment", name: "VIP", key, description: "", action: "", color: "#000000" })[3]!
        .key,
    ).toBe(key);
  });

  it("createSegment refuses a key another segment has, given or derived, naming that segment", () => {
    expect(() =>
      apply({ kind: "createSegment", name: "VIP", key: "b", description: "", action: "", color: "#000000" }),
    ).toThrowError(
      expect.objectContaining({
        code: "DUPLICATE_SEGMENT",
        message: 'key "b" already belongs to segment "B"',
      }),
    );
    const renamed = apply({ kind: "updateSegment", name: "A", changes: { name: "Alpha" } });
    expect(() =>
      apply({ kind: "createSegment", name: "A", description: "", action: "", color: "#000000" }, renamed),
    ).toThrowError(
      expect.objectContaining({
        code: "DUPLICATE_SEGMENT",
        details: expect.objectContaining({ field: "input.key", segment: "Alpha" }),
      }),
    );
  });
});
