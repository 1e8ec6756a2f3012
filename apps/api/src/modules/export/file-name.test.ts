import { describe, expect, it } from "vitest";
import { contentDisposition, exportFileName, slug } from "./file-name";

describe("slug", () => {
  it.each([
    ["Ontario", "ontario"],
    ["Québec, online buyers", "quebec-online-buyers"],
    ["  --Lost -> Champions--  ", "lost-champions"],
    ["GOOGLE_ADS", "google-ads"],
    ["a".repeat(50), "a".repeat(40)],
    ["spring sale ontario champions who bought online twice", "spring-sale-ontario-champions-who-bought"],
  ])("%j is %j", (text, want) => {
    expect(slug(text)).toBe(want);
  });
});

describe("exportFileName", () => {
  it("is segment key, audience, preset (unless ALL) and the as-of day", () => {
    expect(
      exportFileName({ segmentKey: "champions", preset: "ALL", asOfDay: "2026-12-06", format: "csv" }),
    ).toBe("champions-2026-12-06.csv");
    expect(
      exportFileName({
        segmentKey: "champions",
        audience: "Ontario",
        preset: "ALL",
        asOfDay: "2026-12-06",
        format: "csv",
      }),
    ).toBe("champions-ontario-2026-12-06.csv");
    expect(
      exportFileName({
        segmentKey: "lost-customer",
        preset: "GOOGLE_ADS",
        asOfDay: "2025-12-31",
        format: "jsonl",
      }),
    ).toBe("lost-customer-google-ads-2025-12-31.jsonl");
  });
});

describe("contentDisposition", () => {
  it("gives an ASCII filename and the RFC 8187 filename*", () => {
    expect(contentDisposition("champions-2026-12-06.csv")).toBe(
      `attachment; filename="champions-2026-12-06.csv"; filename*=UTF-8''champions-2026-12-06.csv`,
    );
    expect(contentDisposition("québec's.csv")).toBe(
      `attachment; filename="qu_bec's.csv"; filename*=UTF-8''qu%C3%A9bec%27s.csv`,
    );
  });
});
