/**
 * Mapping files over HTTP: the `mappingFile` query and the `importMappingFile` mutation, on a
 * real server with the demo store scored (4 bins), on SQLite and PostgreSQL. Tests run in order:
 * version 1 is the default, 2 the round trip, 3 the PyMC-Marketing file.
 */

import { PROVIDERS } from "@rfm/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";

type Version = {
  version: number | null;
  status: string;
  bins: number;
  segments: { name: string; codes: string[] }[];
};
type ImportResult = {
  importMappingFile: {
    userErrors: { field: string[] | null; code: string; message: string }[];
    published: boolean;
    mapping: Version;
    report: {
      form: string;
      order: string;
      othersSegment: string | null;
      unmatched: string[];
      entries: {
        path: string;
        segment: string;
        codes: string[];
        shadowed: { code: string; takenBy: string }[];
      }[];
    };
  };
};

const IMPORT = `mutation($input: ImportMappingFileInput!) {
  importMappingFile(input: $input) {
    published
    mapping { version status bins segments { name codes } }
    report { form order othersSegment unmatched entries { path segment codes shadowed { code takenBy } } }
    userErrors { field code message }
  }
}`;

/** PyMC-Marketing's default segment_config (pymc_marketing/clv/utils.py), as a YAML file. */
const PYMC_FILE = `format: rfm-mapping
version: 1
bins: 4
segment_config:
  Premium Customer: ["334", "443", "444", "344", "434", "433", "343", "333"]
  Repeat Customer: ["244", "234", "232", "332", "143", "233", "243"]
  Top Spender: ["424", "414", "144", "314", "324", "124", "224", "423", "413", "133", "323", "313", "134"]
  At Risk Customer: ["422", "223", "212", "122", "222", "132", "322", "312", "412", "123", "214"]
  Inactive Customer: ["411", "111", "113", "114", "112", "211", "311"]
`;
/** The 18 codes of 4 bins that file lists nowhere, by hand. */
const PYMC_UNLISTED = "121 131 141 142 213 221 231 241 242 321 331 341 342 421 431 432 441 442".split(" ");

const sorted = (segments: { name: string; codes: string[] }[]) =>
  segments.map((s) => [s.name, [...s.codes].sort()]);

describe.each(PROVIDERS)("mapping files over HTTP on %s", (provider) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi(provider);
  }, 120_000);
  afterAll(async () => api?.close());

  it("exports the published mapping as JSON and YAML, and imports it back identical, then publishes it", async () => {
    const json = await api.gql<{ mappingFile: string }>(`{ mappingFile }`, {}, api.tokens.viewer);
    expect(json.status).toBe(200);
    const doc = JSON.parse(json.data!.mappingFile) as {
      format: string;
      bins: number;
      segments: { name: string }[];
    };
    expect(doc).toMatchObject({ format: "rfm-mapping", version: 1, bins: 4, mappingVersion: 1 });
    // The stored segments, read with SQL: the file lists the same names in the same order.
    const names = await api.sql<{ name: string }>(
      `SELECT s.name FROM mapping_segments s JOIN mapping_versions v ON v.id = s.version_id
       WHERE v.version = 1 ORDER BY s.position`,
    );
    expect(doc.segments.map((s) => s.name)).toEqual(names.map((n) => n.name));
    const yaml = await api.gql<{ mappingFile: string }>(`{ mappingFile(format: YAML) }`);
    expect(yaml.data!.mappingFile).toMatch(/^format: rfm-mapping\nversion: 1\nbins: 4\n/);

    const published = (await api.gql<{ mapping: Version }>(`{ mapping { segments { name codes } } }`)).data!
      .mapping;
    const viewer = await api.gql(IMPORT, { input: { text: json.data!.mappingFile } }, api.tokens.viewer);
    expect(viewer.errors?.[0]?.extensions.code).toBe("FORBIDDEN");

    const draft = await api.gql<ImportResult>(
      IMPORT,
      { input: { text: yaml.data!.mappingFile } },
      api.tokens.editor,
    );
    expect(draft.errors).toBeUndefined();
    expect(draft.data!.importMappingFile).toMatchObject({
      published: false,
      mapping: { status: "DRAFT", version: null, bins: 4 },
      report: { form: "segments", order: "exactly-once", othersSegment: null, unmatched: [] },
    });
    expect(sorted(draft.data!.importMappingFile.mapping.segments)).toEqual(sorted(published.segments));

    const done = await api.gql<ImportResult>(
      IMPORT,
      { input: { text: json.data!.mappingFile, format: "JSON", publish: true, note: "round trip" } },
      api.tokens.editor,
    );
    expect(done.errors).toBeUndefined();
    expect(done.data!.importMappingFile.mapping).toMatchObject({ status: "PUBLISHED", version: 2 });
    expect(sorted(done.data!.importMappingFile.mapping.segments)).toEqual(sorted(published.segments));
    const audit = await api.sql<{ action: string; actor: string }>(
      `SELECT action, actor FROM audit_log WHERE action LIKE 'mapping.%' ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      "mapping.publish",
      "mapping.draft.import",
      "mapping.draft.import",
      "mapping.publish",
    ]);
    expect(audit[1]?.actor).toBe("editor-token");
  });

  it("publishes a PyMC-Marketing segment_config: unlisted codes form Other, whose customers SQL counts the same", async () => {
    const res = await api.gql<ImportResult>(
      IMPORT,
      { input: { text: PYMC_FILE, publish: true } },
      api.tokens.editor,
    );
    expect(res.errors).toBeUndefined();
    const { report, mapping } = res.data!.importMappingFile;
    expect(report).toMatchObject({ form: "segment_config", order: "last-match", othersSegment: "Other" });
    expect([...report.unmatched].sort()).toEqual(PYMC_UNLISTED);
    expect(mapping).toMatchObject({ version: 3, bins: 4 });
    expect(mapping.segments.map((s) => s.name)).toEqual([
      "Premium Customer",
      "Repeat Customer",
      "Top Spender",
      "At Risk Customer",
      "Inactive Customer",
      "Other",
    ]);

    // Dense code index ((r-1)*4 + (f-1))*4 + (m-1), written out here rather than taken from rfm-core.
    const indexes = PYMC_UNLISTED.map(
      (c) => ((Number(c[0]) - 1) * 4 + (Number(c[1]) - 1)) * 4 + (Number(c[2]) - 1),
    );
    const [{ n }] = (await api.sql<{ n: number }>(
      `SELECT count(*) AS "n" FROM customer_scores WHERE run_id = $1 AND code IN (${indexes.join(", ")})`,
      [api.runId],
    )) as [{ n: number }];
    const segments = (
      await api.gql<{ segments: { name: string; customerCount: number }[] }>(
        `{ segments { name customerCount } }`,
      )
    ).data!.segments;
    expect(segments.find((s) => s.name === "Other")?.customerCount).toBe(Number(n));
  });

  it("refuses a bad file as BAD_USER_INPUT (400 class) naming the path, a YAML error with its line, and other bins than the run on publish", async () => {
    const bad = await api.gql<ImportResult>(
      IMPORT,
      {
        input: {
          text: JSON.stringify({
            format: "rfm-mapping",
            version: 1,
            bins: 4,
            segments: [
              { name: "All", rules: ["R*"] },
              { name: "Typo", codes: ["111", "515"] },
            ],
          }),
        },
      },
      api.tokens.editor,
    );
    // The caller's mistake is a user error of the payload (HTTP 200), naming the path in the file.
    expect(bad.status).toBe(200);
    expect(bad.errors).toBeUndefined();
    expect(bad.data!.importMappingFile).toMatchObject({ mapping: null, published: null, report: null });
    expect(bad.data!.importMappingFile.userErrors).toEqual([
      {
        field: ["input", "text"],
        code: "INVALID_MAPPING_FILE",
        message: 'segments[1].codes[1]: "515" is not a code for 4 bins (three digits, each 1-4)',
      },
    ]);

    const yaml = await api.gql<ImportResult>(
      IMPORT,
      { input: { text: "format: rfm-mapping\nversion: 1\nbins: 4\nsegments:\n  - name: [unclosed\n" } },
      api.tokens.editor,
    );
    expect(yaml.data!.importMappingFile.userErrors[0]!.message).toMatch(
      /^the YAML is not valid at line \d+, column \d+/,
    );
    expect(yaml.data!.importMappingFile.userErrors[0]).toMatchObject({ field: ["input", "text"] });

    const fiveBins = await api.gql<ImportResult>(
      IMPORT,
      {
        input: {
          text: "format: rfm-mapping\nversion: 1\nbins: 5\nsegments:\n  - name: Everyone\n    rules: ['R*']\n",
          publish: true,
        },
      },
      api.tokens.editor,
    );
    expect(fiveBins.data!.importMappingFile.userErrors[0]).toMatchObject({
      field: ["input", "bins"],
      code: "MAPPING_BINS_MISMATCH",
    });
    expect(fiveBins.data!.importMappingFile.userErrors[0]!.message).toContain(
      "the file is for 5 bins but the current run",
    );
    expect((await api.gql(`{ mappingDraft { version } }`)).data).toEqual({ mappingDraft: null });
    expect((await api.gql<{ mapping: Version }>(`{ mapping { version } }`)).data!.mapping.version).toBe(3);
  });
});
