/**
 * The texts the search benchmark types (`api.bench.ts --only search`), built from customers
 * sampled over the whole table, in the proportions a support desk or a marketer types them:
 * whole ids (some in lower case), id prefixes, first names with the start of the last name,
 * a last name's start (a later word of the name), part of an email around the "@", and one or
 * two letters (the box's first keystrokes).
 */
import type { Database } from "../src/db/client";

export interface SearchText {
  readonly kind: "id" | "id prefix" | "name start" | "last name start" | "email part" | "short";
  readonly text: string;
}

/** `count` texts from the customers with these internal ids (a seeded `random` picks them). */
export async function searchMix(
  db: Database,
  internalIds: readonly number[],
  random: () => number,
  count = 2_000,
): Promise<SearchText[]> {
  const customers: { id: string; name: string | null; email: string | null }[] = [];
  for (let i = 0; i < internalIds.length; i += 500) {
    const chunk = internalIds.slice(i, i + 500);
    customers.push(
      ...(await db.raw.query<{ id: string; name: string | null; email: string | null }>(
        `SELECT external_id AS "id", name AS "name", email AS "email" FROM customers
         WHERE id IN (${chunk.map((_, j) => `$${j + 1}`).join(", ")})`,
        chunk,
      )),
    );
  }
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const texts: SearchText[] = [];
  while (texts.length < count) {
    const c = pick(customers);
    const roll = random();
    const [first = "", last = ""] = (c.name ?? "").split(" ");
    if (roll < 0.2) texts.push({ kind: "id", text: random() < 0.5 ? c.id : c.id.toLowerCase() });
    else if (roll < 0.3) texts.push({ kind: "id prefix", text: c.id.slice(0, 4 + Math.floor(random() * 3)) });
    else if (roll < 0.5 && last)
      texts.push({ kind: "name start", text: `${first} ${last.slice(0, 1 + Math.floor(random() * 3))}` });
    else if (roll < 0.6 && last.length >= 4)
      texts.push({ kind: "last name start", text: last.slice(0, 3 + Math.floor(random() * 3)) });
    else if (roll < 0.9 && c.email) {
      // "wilson.137@exa": the end of the local part and the start of the domain.
      const at = c.email.indexOf("@");
      const from = Math.max(0, at - 4 - Math.floor(random() * 8));
      texts.push({ kind: "email part", text: c.email.slice(from, at + 1 + Math.floor(random() * 4)) });
    } else if (roll >= 0.9)
      texts.push({ kind: "short", text: (c.name ?? c.id).slice(0, 1 + Math.floor(random() * 2)) });
  }
  return texts;
}
