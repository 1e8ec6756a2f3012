import { describe, expect, it } from "vitest";
import { type CustomerValues, changedFields, knownMask, mergeCustomers, noCustomerValues } from "./customers";

const none: CustomerValues = noCustomerValues();

describe("mergeCustomers", () => {
  const rows = {
    externalId: ["a", "b", "a", "a"],
    name: ["Ann", null, "Annie", null],
    email: [null, "b@x", "a@x", "a2@x"],
  };

  it("update: one entry per id in first-seen order, the last non-null value of each field", () => {
    const merged = mergeCustomers(rows, "update");
    expect([...merged.keys()]).toEqual(["a", "b"]);
    expect(merged.get("a")).toEqual({ ...none, name: "Annie", email: "a2@x" });
    expect(merged.get("b")).toEqual({ ...none, email: "b@x" });
  });

  it("fill: the first non-null value of each field", () => {
    expect(mergeCustomers(rows, "fill").get("a")).toEqual({ ...none, name: "Ann", email: "a@x" });
  });

  it("holds consent as 1/0 and a false as a value (it replaces a stored true); null leaves it", () => {
    const merged = mergeCustomers(
      { externalId: ["a", "b", "c"], marketingConsent: [true, false, null], phone: ["1", null, "3"] },
      "update",
    );
    expect(merged.get("a")).toEqual({ ...none, marketingConsent: 1, phone: "1" });
    expect(merged.get("b")).toEqual({ ...none, marketingConsent: 0 });
    expect(merged.get("c")).toEqual({ ...none, phone: "3" });
    expect(
      changedFields({ ...none, marketingConsent: 1 }, { ...none, marketingConsent: 0 }, "update"),
    ).toEqual(["marketingConsent"]);
  });

  it("keeps a created-at time and ignores absent columns", () => {
    const merged = mergeCustomers({ externalId: ["c"], createdAt: [Date.UTC(2020, 0, 1)] }, "update");
    expect(merged.get("c")).toEqual({ ...none, createdAt: Date.UTC(2020, 0, 1) });
  });
});

describe("changedFields", () => {
  const stored = { ...none, name: "Ann", city: "Halifax" };

  it("update: a given value that differs from the stored one, never a null", () => {
    expect(changedFields(stored, { ...none, name: "Annie", email: "a@x" }, "update")).toEqual([
      "name",
      "email",
    ]);
    expect(changedFields(stored, { ...none, name: "Ann" }, "update")).toEqual([]);
  });

  it("fill: only fields stored as null", () => {
    expect(changedFields(stored, { ...none, name: "Annie", email: "a@x" }, "fill")).toEqual(["email"]);
  });
});

describe("knownMask", () => {
  it.each([
    [none, 0],
    [{ ...none, name: "Ann" }, 0b1],
    [{ ...none, city: "Halifax", createdAt: 0 }, 0b110000],
    [{ ...none, name: "a", email: "b", province: "c", region: "d", city: "e", createdAt: 1 }, 0b111111],
    [{ ...none, firstName: "a", marketingConsent: 0 }, 0b1001000000],
  ])("%j has bits %i", (values, mask) => {
    expect(knownMask(values)).toBe(mask);
  });
});
