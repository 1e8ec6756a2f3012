import { describe, expect, it } from "vitest";
import { parseClickHouseUrl } from "./connection";

describe("ANALYTICS_URL", () => {
  it("names each shard's HTTP interface, the database and the cluster", () => {
    expect(parseClickHouseUrl("clickhouse://127.0.0.1:8125,127.0.0.1:8126/rfm?cluster=rfm")).toEqual({
      shards: ["http://127.0.0.1:8125", "http://127.0.0.1:8126"],
      database: "rfm",
      cluster: "rfm",
      username: "default",
      password: "",
    });
  });

  it("takes credentials and TLS, with the HTTPS port as the default", () => {
    expect(
      parseClickHouseUrl(
        "clickhouses://app:s%40cret@ch1.shop.example,ch2.shop.example:9443/facts?cluster=main",
      ),
    ).toEqual({
      shards: ["https://ch1.shop.example:8443", "https://ch2.shop.example:9443"],
      database: "facts",
      cluster: "main",
      username: "app",
      password: "s@cret",
    });
  });

  it.each([
    ["clickhouse://127.0.0.1:8125/rfm", /cluster=NAME/],
    ["clickhouse://127.0.0.1:8125/rf-m?cluster=rfm", /letters, digits/],
    ["http://127.0.0.1:8125/rfm?cluster=rfm", /must look like/],
    ["clickhouse://127.0.0.1:8125?cluster=rfm", /must look like/],
  ])("refuses %s, saying what is wrong", (url, message) => {
    expect(() => parseClickHouseUrl(url)).toThrow(message);
  });
});
