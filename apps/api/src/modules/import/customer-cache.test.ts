import { describe, expect, it } from "vitest";
import { CustomerCache } from "./customer-cache";

describe("CustomerCache", () => {
  it.each([
    [1, 0],
    [7, 0b111111],
    // Phone and consent known (bits 8 and 9): more than 6 bits must not spill into the id.
    [7085, 0b1100111111],
    [2_147_483_647, 0b1111111111],
  ])("gives back id %i with known %i unchanged", (id, known) => {
    const cache = new CustomerCache(10);
    cache.set("c", { id, known });
    expect(cache.get("c")).toEqual({ id, known });
  });
});
