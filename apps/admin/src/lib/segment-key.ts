/**
 * The key the API gives a new segment when none is given (rfm-core's `segmentKey`, the rule in
 * docs/api.md): prefilled in the "add a segment" form so people see it before it is fixed for
 * good. The API decides and validates; this only suggests.
 */
const SPELT_OUT: Readonly<Record<string, string>> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  þ: "th",
  ð: "d",
  ı: "i",
};

export function suggestSegmentKey(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[ßæœøłđþðı]/g, (ch) => SPELT_OUT[ch] ?? ch)
    .replace(/['’‘`´]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug.slice(0, 64).replace(/-+$/, "");
}
