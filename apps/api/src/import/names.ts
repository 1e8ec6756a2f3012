/**
 * First and last names from a full name, and back. Used where a customers file gives one form
 * and not the other (docs/import.md, "Names"), and by exports for customers whose first and last
 * names were never stored (created from a transactions file).
 *
 * The split rule is "first word / the rest", on runs of white space: `Mary Ann Smith` gives
 * `Mary` / `Ann Smith`, `Cher` gives `Cher` / none. No rule gets every name right (double
 * first names, `van der Berg`, family name first): this one keeps the word an email greets by
 * ("Hi Mary") and never loses a word. A file with `first_name`/`last_name` columns is taken as
 * it is instead.
 */

/** `[first, last]` of a full name by "first word / the rest"; last is null for one word. */
export function splitName(name: string | null): [string | null, string | null] {
  if (name === null) return [null, null];
  const words = name
    .trim()
    .split(/\s+/u)
    .filter((w) => w !== "");
  if (words.length === 0) return [null, null];
  return [words[0]!, words.length > 1 ? words.slice(1).join(" ") : null];
}

/** The full name of first and last (either may be missing); null when both are. */
export function composeName(first: string | null, last: string | null): string | null {
  if (first === null) return last;
  if (last === null) return first;
  return `${first} ${last}`;
}
