import { describe, expect, it } from "vitest";
import { hashedEmail, hashedPhone, normalizeEmail, normalizePhone, phoneE164, sha256Hex } from "./hashing";

// Every hash below was computed outside this code: `printf %s 'TEXT' | sha256sum`.
const SHA256 = {
  "test@gmail.com": "87924606b4131a8aceeeae8868531fbb9712aaa07a5d3a756b26ce0f5d6ca674",
  "testuser@gmail.com": "dae9c7c55697ba170d6b494c458649bd469af525520280d0dcfc98d74d13b17e",
  "ann.lee@example.com": "b7e0d8372a47f54bbefeb251ab9ac1e9e6b2d1983263de10196101be3961ed23",
  "annlee@gmail.com": "16e202bdcd9646af11faa3a5a3b9c07a6303e9629583246f8208e43c529087de",
  "+14165550123": "d5fbfc3c185de35d67c70381c3ceaf20a0640bcf9558aa6627ca0be551359315",
  "14165550123": "61aca7fe898451718db3247454a453f1dc773f9b83456bd68bf4fda04c0ad2a8",
  "+442079460958": "f0bf0228144d9fe2bdf1da2d8ca698f17bf1410ee688b075c27062e47b6f0b6d",
  "442079460958": "35e206e5dec4c89b9e8b71b8c32724a5bb518483ac5a20c6617d738375b3b823",
} as const;

describe("sha256Hex", () => {
  it.each(Object.entries(SHA256))(
    "%s hashes to the sha256sum of its UTF-8 bytes, lower-case hex",
    (text, hex) => {
      expect(sha256Hex(text)).toBe(hex);
    },
  );
});

describe("normalizeEmail", () => {
  it.each([
    ["  Test@Gmail.com ", "google", "test@gmail.com"],
    ["test.user@gmail.com", "google", "testuser@gmail.com"],
    ["t.e.s.t.user@GoogleMail.com", "google", "testuser@googlemail.com"],
    ["ann.lee@example.com", "google", "ann.lee@example.com"],
    ["test.user@gmail.com", "meta", "test.user@gmail.com"],
    [" Ann.Lee@Example.COM", "meta", "ann.lee@example.com"],
  ] as const)("%j for %s is %j", (email, platform, normalized) => {
    expect(normalizeEmail(email, platform)).toBe(normalized);
  });

  it.each(["", "   ", "not an email", "ann@", "@example.com", "ann@example"])(
    "%j is no email (null)",
    (email) => {
      expect(normalizeEmail(email, "google")).toBeNull();
      expect(normalizeEmail(email, "meta")).toBeNull();
    },
  );
});

describe("phones", () => {
  it.each([
    ["416-555-0123", "CA", "+14165550123"],
    ["(416) 555-0123", "CA", "+14165550123"],
    ["+1 416 555 0123", "CA", "+14165550123"],
    ["1 416 555 0123", "CA", "+14165550123"],
    ["  416.555.0123 ", "CA", "+14165550123"],
    ["+44 20 7946 0958", "CA", "+442079460958"],
    ["020 7946 0958", "GB", "+442079460958"],
    ["416-555-0123", "US", "+14165550123"],
  ] as const)("%j with store country %s is %s in E.164", (phone, country, e164) => {
    expect(phoneE164(phone, country)).toBe(e164);
  });

  it.each(["", "12", "555-0123", "abc", "+1 000 000 0000", "020 7946 0958"])(
    "%j is no valid phone in CA (null)",
    (phone) => {
      expect(phoneE164(phone, "CA")).toBeNull();
    },
  );

  it("Google keeps the + of E.164, Meta takes the digits with the country code (no +, no leading zero)", () => {
    expect(normalizePhone("(416) 555-0123", "google", "CA")).toBe("+14165550123");
    expect(normalizePhone("(416) 555-0123", "meta", "CA")).toBe("14165550123");
    expect(normalizePhone("020 7946 0958", "meta", "GB")).toBe("442079460958");
  });
});

describe("hashed identifiers", () => {
  it("hash the platform's normalised text", () => {
    expect(hashedEmail(" Test@GMAIL.com", "google")).toBe(SHA256["test@gmail.com"]);
    expect(hashedEmail("test.user@gmail.com", "google")).toBe(SHA256["testuser@gmail.com"]);
    expect(hashedEmail("Ann.Lee@example.com", "meta")).toBe(SHA256["ann.lee@example.com"]);
    expect(hashedPhone("416-555-0123", "google", "CA")).toBe(SHA256["+14165550123"]);
    expect(hashedPhone("416-555-0123", "meta", "CA")).toBe(SHA256["14165550123"]);
    expect(hashedPhone("+44 20 7946 0958", "google", "CA")).toBe(SHA256["+442079460958"]);
    expect(hashedPhone("020 7946 0958", "meta", "GB")).toBe(SHA256["442079460958"]);
  });

  it("are null for a missing or unusable value", () => {
    expect(hashedEmail(null, "google")).toBeNull();
    expect(hashedPhone(null, "meta", "CA")).toBeNull();
    expect(hashedPhone("12", "meta", "CA")).toBeNull();
  });
});
