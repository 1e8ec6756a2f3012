import { describe, expect, it } from "vitest";
import { readMappingFile } from "./mapping-file";

describe("readMappingFile", () => {
  it("takes a PyMC-Marketing segment_config pasted as Python (quotes, comments, trailing commas) in a YAML file", () => {
    const text = `format: rfm-mapping
version: 1
bins: 4
segment_config: {
    "Premium Customer": ["334", "443", "444", "344", "434", "433", "343", "333"],
    'Inactive Customer': ['411', '111', '113', '114', '112', '211', '311',],  # as in utils.py
}
`;
    const { definition, report } = readMappingFile(text);
    expect(definition.segments.map((s) => [s.name, s.codes?.length])).toEqual([
      ["Premium Customer", 8],
      ["Inactive Customer", 7],
      ["Other", 49],
    ]);
    expect(report.form).toBe("segment_config");
  });

  it("names the line and column of a YAML syntax error, and the path of a document error", () => {
    expect(() => readMappingFile("format: rfm-mapping\nversion: 1\nbins: [4\n")).toThrow(
      expect.objectContaining({
        code: "INVALID_MAPPING_FILE",
        field: "text",
        message: expect.stringMatching(/^the YAML is not valid at line \d+, column \d+/),
      }),
    );
    expect(() => readMappingFile('{"format": "rfm-mapping", "version": 1, "bins": 4,}')).toThrow(
      expect.objectContaining({
        code: "INVALID_MAPPING_FILE",
        field: "text",
        message: expect.stringMatching(/^the JSON is not valid/),
      }),
    );
    expect(() =>
      readMappingFile(
        "format: rfm-mapping\nversion: 1\nbins: 4\nsegment_config:\n  A: ['111', 411, '511']\n",
      ),
    ).toThrow(
      expect.objectContaining({
        field: "segment_config.A[2]",
        message: 'segment_config.A[2]: "511" is not a code for 4 bins (three digits, each 1-4)',
      }),
    );
  });

  it("refuses a key given twice, which YAML would otherwise let the last one win", () => {
    expect(() =>
      readMappingFile(
        "format: rfm-mapping\nversion: 1\nbins: 4\nsegment_config:\n  A: ['111']\n  A: ['112']\n",
      ),
    ).toThrow(expect.objectContaining({ code: "INVALID_MAPPING_FILE", field: "text" }));
  });
});
