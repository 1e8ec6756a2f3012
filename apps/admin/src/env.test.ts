import { describe, expect, it } from "vitest";
import { DEFAULT_API_URL, parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults RFM_API_URL to the API's default port on loopback", () => {
    expect(parseEnv({}).RFM_API_URL).toBe(DEFAULT_API_URL);
  });

  it.each([
    ["http://127.0.0.1:4000", "http://127.0.0.1:4000"],
    [" https://api.example.com/ ", "https://api.example.com"],
    ["http://localhost:39999//", "http://localhost:39999"],
  ])("accepts the origin %j as %j", (given, kept) => {
    expect(parseEnv({ RFM_API_URL: given }).RFM_API_URL).toBe(kept);
  });

  it.each([["127.0.0.1:4000"], ["http://127.0.0.1:4000/graphql"], ["ftp://x"], [""]])(
    "refuses %j, naming the variable",
    (given) => {
      expect(() => parseEnv({ RFM_API_URL: given })).toThrow(/RFM_API_URL/);
    },
  );
});
