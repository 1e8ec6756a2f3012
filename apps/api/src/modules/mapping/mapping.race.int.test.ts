import { allCodes, DEFAULT_MAPPING, type DraftEdit, seededRandom } from "@rfm/core";
import { describe, expect, it } from "vitest";
import { AppError } from "../../app-error";
import { PROVIDERS, useTestDatabase } from "../../db/testing";
import { discardDraft, editDraft, findDraft } from "./mapping.service";

type Call =
  | { readonly kind: "createSegment" | "assignCodes"; readonly edit: DraftEdit }
  | { readonly kind: "discard" };

/** A seeded mix of edits and discards: new segments, codes moved between preset segments. */
function racingCalls(count: number, seed: number): Call[] {
  const random = seededRandom(seed);
  const codes = allCodes(DEFAULT_MAPPING.bins);
  const names = DEFAULT_MAPPING.segments.map((s) => s.name);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, (_, i): Call => {
    const roll = random();
    if (roll < 0.1) return { kind: "discard" };
    if (roll < 0.4) {
      const edit: DraftEdit = {
        kind: "createSegment",
        name: `Race ${i}`,
        description: "",
        action: "",
        color: "#123456",
      };
      return { kind: "createSegment", edit };
    }
    const edit: DraftEdit = { kind: "assignCodes", codes: [pick(codes), pick(codes)], segment: pick(names) };
    return { kind: "assignCodes", edit };
  });
}

describe.each(PROVIDERS)("racing draft edits on %s", (provider) => {
  const t = useTestDatabase(provider);

  it("300 concurrent edits and discards: each succeeds or is CONFLICT, the draft stays whole, the audit log matches", async () => {
    const calls = racingCalls(300, 14);
    const outcomes = await Promise.allSettled(
      calls.map((call, i) =>
        call.kind === "discard" ? discardDraft(t.db, `racer-${i}`) : editDraft(t.db, `racer-${i}`, call.edit),
      ),
    );

    const refusals = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
    const unexpected = refusals.filter((e) => !(e instanceof AppError && e.code === "CONFLICT"));
    expect(unexpected.map((e) => String(e))).toEqual([]);
    for (const e of refusals) expect((e as AppError).message).toMatch(/try again/);
    // Racing is the point, not refusing: most calls get through.
    expect(refusals.length).toBeLessThan(calls.length / 10);

    const succeeded = (kind: Call["kind"]) =>
      calls.filter((c, i) => c.kind === kind && outcomes[i]!.status === "fulfilled").length;
    const discarded = outcomes.filter(
      (o, i) => calls[i]!.kind === "discard" && o.status === "fulfilled" && o.value,
    ).length;
    const audit = await t.db.prisma.auditLog.groupBy({ by: ["action"], _count: { _all: true } });
    const logged = (action: string) => audit.find((a) => a.action === action)?._count._all ?? 0;
    expect(logged("mapping.draft.createSegment")).toBe(succeeded("createSegment"));
    expect(logged("mapping.draft.assignCodes")).toBe(succeeded("assignCodes"));
    expect(logged("mapping.draft.discard")).toBe(discarded);

    // One draft at most, and in it every code of the bins in exactly one segment.
    expect(await t.db.prisma.mappingVersion.count({ where: { status: "draft" } })).toBeLessThanOrEqual(1);
    const draft = await findDraft(t.db);
    if (draft) {
      const held = draft.segments.flatMap((s) => s.codes).sort();
      expect(held).toEqual([...allCodes(draft.bins)].sort());
      expect(new Set(draft.segments.map((s) => s.name)).size).toBe(draft.segments.length);
    }
  }, 120_000);
});
