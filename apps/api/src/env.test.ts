import { describe, expect, it } from "vitest";
import { DEFAULT_DATABASE_URL, parseEnv, REPO_ROOT } from "./env";

describe("parseEnv", () => {
  it("defaults DATABASE_URL to data/rfm.db under the repository root, as an absolute file: URL", () => {
    expect(DEFAULT_DATABASE_URL).toBe("file:./data/rfm.db");
    expect(parseEnv({}).DATABASE_URL).toBe(`file:${REPO_ROOT}/data/rfm.db`);
  });

  it.each([
    ["file:./x/y.db", `file:${REPO_ROOT}/x/y.db`],
    ["file:/abs/z.db", "file:/abs/z.db"],
    ["file::memory:", "file::memory:"],
    ["postgres://u@h:5432/db?schema=s", "postgres://u@h:5432/db?schema=s"],
    ["postgresql://h/db", "postgresql://h/db"],
  ])("keeps %s as %s", (given, expected) => {
    expect(parseEnv({ DATABASE_URL: given }).DATABASE_URL).toBe(expected);
  });

  it.each(["mysql://h/db", "rfm.db", ""])("refuses DATABASE_URL=%j, naming the variable", (given) => {
    expect(() => parseEnv({ DATABASE_URL: given })).toThrow(/DATABASE_URL/);
  });
});

describe("STORE_TIME_ZONE", () => {
  it("defaults to UTC and keeps a known zone by its canonical name", () => {
    expect(parseEnv({}).STORE_TIME_ZONE).toBe("UTC");
    expect(parseEnv({ STORE_TIME_ZONE: "America/Toronto" }).STORE_TIME_ZONE).toBe("America/Toronto");
    expect(parseEnv({ STORE_TIME_ZONE: " asia/tokyo " }).STORE_TIME_ZONE).toBe("Asia/Tokyo");
  });

  it.each(["Mars/Olympus", "Toronto", ""])("refuses %j at startup, naming the variable", (given) => {
    expect(() => parseEnv({ STORE_TIME_ZONE: given })).toThrow(/STORE_TIME_ZONE: must be an IANA time zone/);
  });
});

describe("CORS_ORIGINS", () => {
  it("defaults to no origin, and keeps each listed origin once, as a browser sends it", () => {
    expect(parseEnv({}).CORS_ORIGINS).toEqual([]);
    expect(
      parseEnv({
        CORS_ORIGINS:
          " https://Shop.Example.com/ , http://127.0.0.1:5173,https://shop.example.com,https://a.example:443",
      }).CORS_ORIGINS,
    ).toEqual(["https://shop.example.com", "http://127.0.0.1:5173", "https://a.example"]);
  });

  it.each([
    ["*", /CORS_ORIGINS: "\*" is a wildcard/],
    ["https://*.example.com", /is a wildcard/],
    ["shop.example.com", /is not an origin such as/],
    ["ftp://files.example.com", /must start with http:\/\/ or https:\/\//],
    ["https://shop.example.com/app", /origin only .* without a path/],
    ["https://u:p@shop.example.com", /user name or password/],
  ])("refuses %j at startup with the reason", (given, reason) => {
    expect(() => parseEnv({ CORS_ORIGINS: given })).toThrow(reason);
  });
});

describe("IMPORT_DIR", () => {
  it("is unset by default, and resolved against the repository root when relative", () => {
    expect(parseEnv({}).IMPORT_DIR).toBeNull();
    expect(parseEnv({ IMPORT_DIR: " " }).IMPORT_DIR).toBeNull();
    expect(parseEnv({ IMPORT_DIR: "data/drop" }).IMPORT_DIR).toBe(`${REPO_ROOT}/data/drop`);
    expect(parseEnv({ IMPORT_DIR: "/srv/drop" }).IMPORT_DIR).toBe("/srv/drop");
  });
});
