import { describe, expect, it } from "vitest";
import { PairCache } from "./pair-cache";

describe("PairCache", () => {
  it("finds stored pairs by exact value of both numbers", () => {
    const cache = new PairCache(8);
    expect(cache.has(1, 2.5)).toBe(false);
    cache.store(1, 2.5, 42);
    expect(cache.has(1, 2.5)).toBe(true);
    expect(cache.cachedValue()).toBe(42);
    expect(cache.has(2.5, 1)).toBe(false);
    expect(cache.has(1, 2.5000000000000004)).toBe(false);
  });

  it("keeps many colliding-looking keys apart", () => {
    const cache = new PairCache(12);
    for (let i = 0; i < 1000; i++) {
      expect(cache.has(i % 7, i / 8)).toBe(false);
      cache.store(i % 7, i / 8, i);
    }
    for (let i = 0; i < 1000; i++) {
      expect(cache.has(i % 7, i / 8)).toBe(true);
      expect(cache.cachedValue()).toBe(i);
    }
  });

  it("stops storing when half full, so memory stays bounded, and still answers", () => {
    const cache = new PairCache(2); // 4 slots, stores 2
    for (let i = 0; i < 5; i++) if (!cache.has(0, i)) cache.store(0, i, i * 10);
    expect(cache.has(0, 0)).toBe(true);
    expect(cache.has(0, 1)).toBe(true);
    expect(cache.has(0, 2)).toBe(false);
    expect(cache.has(0, 4)).toBe(false);
  });
});
