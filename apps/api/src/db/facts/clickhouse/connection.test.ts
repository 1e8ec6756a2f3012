import { describe, expect, it } from "vitest";
import { parseClickHouseUrl, retried } from "./connection";

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

describe("retried", () => {
  const failing = (errors: unknown[], answer = "rows") => {
    let calls = 0;
    const statement = async () => {
      calls++;
      const error = errors.shift();
      if (error) throw error;
      return answer;
    };
    return { statement, calls: () => calls };
  };
  const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });

  it("sends a statement again when its pooled connection had been closed by the server", async () => {
    const wrapped = Object.assign(new Error("fetch failed"), { cause: new Error("other side closed") });
    const run = failing([reset, wrapped]);
    await expect(retried(run.statement)).resolves.toBe("rows");
    expect(run.calls()).toBe(3);
  });

  it("gives up after three attempts, and never repeats a statement the server refused", async () => {
    const closed = failing([reset, reset, reset]);
    await expect(retried(closed.statement)).rejects.toThrow("ECONNRESET");
    expect(closed.calls()).toBe(3);
    const refused = failing([new Error("Code: 60, e.displayText() = DB::Exception: Table x doesn't exist")]);
    await expect(retried(refused.statement)).rejects.toThrow("Code: 60");
    expect(refused.calls()).toBe(1);
  });
});
