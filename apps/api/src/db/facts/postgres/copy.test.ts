import { describe, expect, it } from "vitest";
import { copyTime } from "./copy";

/** What PostgreSQL reads from `toISOString()` text, the writer copyTime replaced. */
const iso = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

describe("copyTime", () => {
  it("writes literal instants as UTC timestamp text", () => {
    expect(copyTime(0)).toBe("1970-01-01 00:00:00.000");
    expect(copyTime(951_782_400_000)).toBe("2000-02-29 00:00:00.000");
    expect(copyTime(1_709_251_199_999)).toBe("2024-02-29 23:59:59.999");
    expect(copyTime(253_402_300_799_999)).toBe("9999-12-31 23:59:59.999");
    expect(copyTime(null)).toBe("\\N");
    expect(copyTime(undefined)).toBe("\\N");
  });

  it("agrees with Date's calendar on every day from 1970 to 2100 and on random instants", () => {
    for (let day = 0; day < 47_847; day++) {
      const ms = day * 86_400_000 + ((day * 7_919_123) % 86_400_000);
      expect(copyTime(ms)).toBe(iso(ms));
    }
    let seed = 12_345;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const ms = Math.floor((seed / 2 ** 31) * 253_402_300_800_000);
      expect(copyTime(ms)).toBe(iso(ms));
    }
  });

  it("leaves instants outside 1970-9999 to toISOString", () => {
    expect(copyTime(-1)).toBe("1969-12-31T23:59:59.999Z");
    expect(copyTime(253_402_300_800_000)).toBe("+010000-01-01T00:00:00.000Z");
  });
});
