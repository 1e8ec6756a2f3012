import { describe, expect, it } from "vitest";
import { clickhouseUrlOf, parseClickHouseUrl } from "./connection";

describe("clickhouseUrlOf (a worker thread opens the same cluster)", () => {
  it.each([
    "clickhouse://127.0.0.1:8125,127.0.0.1:8126/t_1?cluster=rfm",
    "clickhouses://u%40x:p%3Aw@h1:8443/db?cluster=c",
    "clickhouse://reader:secret@h1:8123,h2:8123/facts?cluster=prod&secure=1",
  ])("gives back a URL that parses to the same target: %s", (url) => {
    const target = parseClickHouseUrl(url);
    expect(parseClickHouseUrl(clickhouseUrlOf(target))).toEqual(target);
  });
});
