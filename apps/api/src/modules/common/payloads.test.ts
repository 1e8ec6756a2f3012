import "reflect-metadata";
import { MaxLength, Min } from "class-validator";
import { describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { toConnection } from "./connection";
import { centsToMoney, toMoney } from "./money.type";
import { globalId, parseGlobalId } from "./node";
import { mutationPayload } from "./user-errors";

class RenameInput {
  @MaxLength(5, { message: "name must be at most 5 characters" })
  name = "";
}

describe("mutationPayload", () => {
  it("returns the mutation's fields and no user errors when it succeeds", async () => {
    const input = Object.assign(new RenameInput(), { name: "Top" });
    expect(await mutationPayload(input, async () => ({ segment: { name: "Top" } }))).toEqual({
      segment: { name: "Top" },
      userErrors: [],
    });
  });

  it("reports invalid input by its path, without running the mutation", async () => {
    let ran = false;
    const input = Object.assign(new RenameInput(), { name: "Champions" });
    const payload = await mutationPayload(input, async () => {
      ran = true;
      return { segment: null };
    });
    expect(ran).toBe(false);
    expect(payload.userErrors).toEqual([
      { field: ["input", "name"], code: "BAD_USER_INPUT", message: "name must be at most 5 characters" },
    ]);
  });

  it("does not check a field left out or null, as the schema's own argument validation does", async () => {
    class WindowInput {
      @Min(1, { message: "windowDays must be positive" })
      windowDays?: number | null;
    }
    const absent = await mutationPayload(new WindowInput(), async () => ({ ran: true }));
    expect(absent).toEqual({ ran: true, userErrors: [] });
    const nulled = Object.assign(new WindowInput(), { windowDays: null });
    expect((await mutationPayload(nulled, async () => ({ ran: true }))).userErrors).toEqual([]);
    const zero = Object.assign(new WindowInput(), { windowDays: 0 });
    expect((await mutationPayload(zero, async () => ({ ran: true }))).userErrors).toEqual([
      { field: ["input", "windowDays"], code: "BAD_USER_INPUT", message: "windowDays must be positive" },
    ]);
  });

  it("turns a refusal the caller can fix into a user error with its fine code and field", async () => {
    const payload = await mutationPayload<{ segment: null }>(null, async () => {
      throw new AppError("DUPLICATE_SEGMENT", 'a segment named "Top" exists', { field: "input.name" });
    });
    expect(payload.userErrors).toEqual([
      { field: ["input", "name"], code: "DUPLICATE_SEGMENT", message: 'a segment named "Top" exists' },
    ]);
  });

  it("keeps failures of ours and of authorisation as top-level errors", async () => {
    await expect(mutationPayload(null, () => Promise.reject(new Error("disk full")))).rejects.toThrow(
      "disk full",
    );
    await expect(
      mutationPayload(null, () => Promise.reject(new AppError("FORBIDDEN", "this needs the admin role"))),
    ).rejects.toThrow("admin role");
  });
});

describe("Money", () => {
  it.each([
    [9397.207279034053, "9397.21"],
    [-12.5, "-12.50"],
    [0.004, "0.00"],
    [-0.05, "-0.05"],
  ])("gives %d as %s", (units, amount) => {
    expect(toMoney(units, "CAD")).toEqual({ amount, currencyCode: "CAD" });
  });

  it("gives cents exactly, beyond a float's integers", () => {
    expect(centsToMoney(900719925474099312n, "EUR").amount).toBe("9007199254740993.12");
    expect(centsToMoney(-7, "EUR").amount).toBe("-0.07");
  });
});

describe("global ids", () => {
  it("round-trip a type and a key, encoded", () => {
    const id = globalId("Customer", "AB-123/x y");
    expect(id).toBe("gid://rfm/Customer/AB-123%2Fx%20y");
    expect(parseGlobalId(id)).toEqual({ type: "Customer", key: "AB-123/x y" });
  });

  it.each([
    "AB-123",
    "gid://rfm/",
    "gid://rfm/Segment",
    "gid://rfm/Segment/",
    "gid://rfm//3",
    "gid://rfm/Segment/%E0",
  ])("refuse %s", (id) => {
    expect(parseGlobalId(id)).toBeNull();
  });
});

describe("toConnection", () => {
  it("says there is a next page from the extra row, and gives the cursors", () => {
    const page = toConnection([1, 2, 3], 2, null, (n) => `c${n}`);
    expect(page.edges).toEqual([
      { cursor: "c1", node: 1 },
      { cursor: "c2", node: 2 },
    ]);
    expect(page.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: "c1",
      endCursor: "c2",
    });
    expect(toConnection([3], 2, "c2", (n) => `c${n}`).pageInfo.hasNextPage).toBe(false);
  });
});
