import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, useTestDatabase } from "../db/testing";
import { runCli } from "../modules/import/test-support";
import { findActiveVersion, findDraft } from "../modules/mapping/mapping.service";

/** `rfm <args>` in a child process against `url`, as a user runs it. */
const rfm = (url: string, ...args: string[]) => runCli(args, url);

/** A segment as stored, for comparing two versions field by field. */
const stored = (s: {
  name: string;
  description: string;
  action: string;
  color: string;
  codes: readonly string[];
}) => [s.name, s.description, s.action, s.color, [...s.codes].sort()];

/**
 * The R rfm package's documented rfm_segment() example (rfm 0.2.x docs), as a user moving from
 * R would write it in YAML: the vectors side by side, first matching row wins.
 */
const R_FILE = `# segments from our R script
format: rfm-mapping
version: 1
bins: 5
rfm_segment:
  segment_names: [Champions, Loyal Customers, Potential Loyalist, New Customers, Promising,
                  Need Attention, About To Sleep, At Risk, Can't Lose Them, Lost]
  recency_lower:   [4, 2, 3, 4, 3, 2, 2, 1, 1, 1]
  recency_upper:   [5, 5, 5, 5, 4, 3, 3, 2, 1, 2]
  frequency_lower: [4, 3, 1, 1, 1, 2, 1, 2, 4, 1]
  frequency_upper: [5, 5, 3, 1, 1, 3, 2, 5, 5, 2]
  monetary_lower:  [4, 3, 1, 1, 1, 2, 1, 2, 4, 1]
  monetary_upper:  [5, 5, 3, 1, 1, 3, 2, 5, 5, 2]
`;

describe.each(PROVIDERS)("rfm mapping export and import on %s", (provider) => {
  const t = useTestDatabase(provider);
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "rfm-mapping-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("exports the published mapping and imports it back with identical segments, to the draft and then published", async () => {
    const yaml = join(dir, "mapping.yaml");
    const exported = await rfm(t.url, "mapping", "export", "--out", yaml);
    expect(exported.stderr).toBe("");
    expect(exported.stdout).toBe(`Wrote mapping version 1 (9 segments, 4 bins) to ${yaml} as yaml\n`);
    const text = readFileSync(yaml, "utf8");
    expect(text).toContain(
      "format: rfm-mapping\nversion: 1\nbins: 4\nmappingVersion: 1\nsegments:\n  - name: Champions\n    key: champions\n",
    );
    expect(text).toContain('      - "344"\n');

    const json = await rfm(t.url, "mapping", "export", "--format", "json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ format: "rfm-mapping", version: 1, bins: 4 });

    const published = await findActiveVersion(t.db);
    const imported = await rfm(t.url, "mapping", "import", yaml);
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain("Read as segments: every code in exactly one segment.");
    expect(imported.stdout).toContain("segments[0] Champions (4 listed codes): 4 codes");
    expect(imported.stdout).toContain("Imported");
    const draft = (await findDraft(t.db))!;
    expect(draft).toMatchObject({ status: "draft", bins: 4, basedOn: 1 });
    expect(draft.segments.map(stored)).toEqual(published.segments.map(stored));

    const again = await rfm(t.url, "mapping", "import", yaml, "--publish", "--note", "round trip");
    expect(again.stderr).toBe("");
    expect(again.stdout).toContain(`Published ${yaml} as mapping version 2 (9 segments, 4 bins).`);
    const v2 = await findActiveVersion(t.db);
    expect(v2).toMatchObject({ version: 2, note: "round trip", bins: 4 });
    expect(v2.author).toMatch(/^cli/);
    expect(v2.segments.map(stored)).toEqual(published.segments.map(stored));
    expect(await findDraft(t.db)).toBeNull();
    // The file carries the keys: every segment kept its identity (id and key) through the round trip.
    expect(v2.segments.map((s) => [s.key, s.segmentId])).toEqual(
      published.segments.map((s) => [s.key, s.segmentId]),
    );

    const audit = await t.db.prisma.auditLog.findMany({ orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual([
      "mapping.publish",
      "mapping.draft.import",
      "mapping.draft.import",
      "mapping.publish",
    ]);
    expect(audit[2]?.actor).toMatch(/^cli/);
  }, 240_000);

  it("turns an R rfm_segment() rule list into the draft, first match winning, and prints what earlier rules shadowed", async () => {
    const file = join(dir, "from-r.yaml");
    writeFileSync(file, R_FILE);
    const imported = await rfm(t.url, "mapping", "import", file);
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain("Read as rfm_segment: the first matching rule wins.");
    expect(imported.stdout).toContain(
      "rfm_segment[3] New Customers (R4-5 F1 M1): 0 codes, shadowed 2: 411 511 to Potential Loyalist",
    );
    expect(imported.stdout).toContain(
      "rfm_segment[8] Can't Lose Them (R1 F4-5 M4-5): 0 codes, shadowed 4: 144 145 154 155 to At Risk",
    );
    expect(imported.stdout).toMatch(/\d+ codes matched no rule and went to "Others": .*\b515\b/);

    const draft = (await findDraft(t.db))!;
    expect(draft.bins).toBe(5);
    expect(draft.segments.map((s) => s.name)).toEqual([
      "Champions",
      "Loyal Customers",
      "Potential Loyalist",
      "New Customers",
      "Promising",
      "Need Attention",
      "About To Sleep",
      "At Risk",
      "Can't Lose Them",
      "Lost",
      "Others",
    ]);
    const codesOf = (name: string) => draft.segments.find((s) => s.name === name)!.codes;
    // Champions is the whole R4-5 F4-5 M4-5 block: nothing comes before it.
    expect([...codesOf("Champions")].sort()).toEqual([
      "444",
      "445",
      "454",
      "455",
      "544",
      "545",
      "554",
      "555",
    ]);
    expect(codesOf("Champions")).toHaveLength(8);
    expect(codesOf("New Customers")).toEqual([]);
    expect(codesOf("Lost")).toContain("111");
    expect(codesOf("Others")).toContain("515");
    expect(draft.segments.reduce((n, s) => n + s.codes.length, 0)).toBe(125);

    // With no run yet, a 5-bin mapping may be published.
    const published = await rfm(t.url, "mapping", "import", file, "--publish");
    expect(published.code).toBe(0);
    expect(await findActiveVersion(t.db)).toMatchObject({ version: 2, bins: 5 });
  }, 150_000);

  it("exports version 1 of a fresh database; refuses a bad file naming the path, and leaves the draft alone", async () => {
    // Nothing has read the mapping yet: version 1 (the default preset) is published on first use.
    const first = await rfm(t.url, "mapping", "export", "--version", "1", "--format", "json");
    expect(first.stderr).toBe("");
    expect(JSON.parse(first.stdout)).toMatchObject({ bins: 4, mappingVersion: 1 });

    const file = join(dir, "bad.json");
    writeFileSync(
      file,
      JSON.stringify({
        format: "rfm-mapping",
        version: 1,
        bins: 4,
        segments: [
          { name: "All", rules: ["R*"] },
          { name: "Typo", codes: ["111", "515"] },
        ],
      }),
    );
    const refused = await rfm(t.url, "mapping", "import", file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'rfm: INVALID_MAPPING_FILE: segments[1].codes[1]: "515" is not a code for 4 bins (three digits, each 1-4)\n',
    );
    expect(await findDraft(t.db)).toBeNull();
  }, 150_000);
});
