/**
 * Customers files with first/last names, phones and marketing consent (issue 10), on both
 * databases: what is stored is read back with SQL written here.
 */
import { describe, expect, it } from "vitest";
import { FACT_ENGINES, useTestDatabase } from "../../db/testing";
import { importCustomers, importTransactions } from "./import.service";
import { textInput } from "./test-support";

interface Stored {
  id: string;
  name: string | null;
  first: string | null;
  last: string | null;
  phone: string | null;
  consent: number | null;
}

describe.each(FACT_ENGINES)("importing customers' names, phones and consent on %s", (engine) => {
  const t = useTestDatabase(engine);

  const load = (text: string) => importCustomers({ db: t.db, input: textInput(text), source: "c.csv" });
  const stored = async (): Promise<Stored[]> =>
    (t.db.analytics
      ? await t.db.analytics.query<Stored>(
          `SELECT external_id AS id, name, first_name AS first, last_name AS last, phone, marketing_consent AS consent
           FROM customers FINAL ORDER BY external_id`,
        )
      : await t.db.raw.query<Stored>(
          `SELECT external_id AS "id", name AS "name", first_name AS "first", last_name AS "last", phone AS "phone",
           CASE WHEN marketing_consent THEN 1 WHEN NOT marketing_consent THEN 0 END AS "consent"
         FROM customers ORDER BY external_id`,
        )
    ).map((row) => ({ ...row, consent: row.consent === null ? null : Number(row.consent) }));

  it("reads every accepted consent spelling, case-insensitive, and an empty value as not given", async () => {
    const values = ["true", "FALSE", "Yes", "no", "Y", "n", "1", "0", "Opted_In", "opted_out", ""];
    const file = `customer_id,marketing_consent\n${values.map((v, i) => `c${String(i).padStart(2, "0")},${v}`).join("\n")}\n`;
    const summary = await load(file);
    expect(summary.rejects).toEqual([]);
    expect((await stored()).map((r) => r.consent)).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1, 0, null]);
  });

  it("rejects any other consent value naming the line, the column and the value", async () => {
    const summary = await load("customer_id,Marketing_Consent\nc1,yes\nc2,maybe\nc3,opted in\nc4,no\n");
    expect(summary.rejects.map((r) => [r.line, r.column, r.code])).toEqual([
      [3, "Marketing_Consent", "BAD_VALUE"],
      [4, "Marketing_Consent", "BAD_VALUE"],
    ]);
    expect(summary.rejects[0]!.reason).toContain('"maybe"');
    expect(summary.rejects[1]!.reason).toContain('"opted in"');
    expect((await stored()).map((r) => [r.id, r.consent])).toEqual([
      ["c1", 1],
      ["c4", 0],
    ]);
  });

  it("splits name into first word / the rest when the file has no first/last columns, keeping the full name", async () => {
    await load("customer_id,name,phone\nc1,Mary Ann Smith,416-555-0123\nc2,Cher,\nc3,,+44 20 7946 0958\n");
    expect(await stored()).toEqual([
      {
        id: "c1",
        name: "Mary Ann Smith",
        first: "Mary",
        last: "Ann Smith",
        phone: "416-555-0123",
        consent: null,
      },
      { id: "c2", name: "Cher", first: "Cher", last: null, phone: null, consent: null },
      { id: "c3", name: null, first: null, last: null, phone: "+44 20 7946 0958", consent: null },
    ]);
  });

  it("takes first/last as given next to a name, and composes the name when the file has none", async () => {
    await load("customer_id,name,first_name,last_name\nc1,Mary Ann Smith,Mary Ann,Smith\n");
    await load("customer_id,first_name,last_name\nc2,Jan,van der Berg\nc3,,Lee\n");
    expect((await stored()).map((r) => [r.id, r.name, r.first, r.last])).toEqual([
      ["c1", "Mary Ann Smith", "Mary Ann", "Smith"],
      ["c2", "Jan van der Berg", "Jan", "van der Berg"],
      ["c3", "Lee", null, "Lee"],
    ]);
  });

  it("a re-import without a column, or with empty values, erases nothing; a new value replaces the stored one", async () => {
    await load(
      "customer_id,first_name,last_name,phone,marketing_consent\nc1,Ann,Lee,416-555-0123,yes\nc2,Bob,Ray,604-555-0199,no\n",
    );
    const without = await load("customer_id,email\nc1,ann@example.com\nc2,bob@example.com\n");
    expect(without.customersUpdated).toBe(2);
    const blanks = await load("customer_id,first_name,phone,marketing_consent\nc1,,,\nc2,,,yes\n");
    expect(blanks.customersUpdated).toBe(1);
    expect(await stored()).toEqual([
      { id: "c1", name: "Ann Lee", first: "Ann", last: "Lee", phone: "416-555-0123", consent: 1 },
      { id: "c2", name: "Bob Ray", first: "Bob", last: "Ray", phone: "604-555-0199", consent: 1 },
    ]);
    const again = await load("customer_id,first_name,phone,marketing_consent\nc1,,,\nc2,,,yes\n");
    expect([again.inserted, again.customersUpdated]).toEqual([0, 0]);
  });

  it("transactions of customers with phone and consent stored go to those customers across batches", async () => {
    // Ids far apart so that a packing error in the importer's customer cache shows.
    const many = Array.from({ length: 40 }, (_, i) => `x${String(i).padStart(2, "0")},,,`).join("\n");
    await load(
      `customer_id,first_name,phone,marketing_consent\n${many}\nc1,Ann,416-555-0123,yes\nc2,Bob,604-555-0199,no\n`,
    );
    const orders = ["O1,c1,2024-01-01,1", "O2,c1,2024-01-02,2", "O3,c1,2024-01-03,4", "O4,c2,2024-01-04,8"];
    const summary = await importTransactions({
      db: t.db,
      input: textInput(`order_id,customer_id,occurred_at,amount\n${orders.join("\n")}\n`),
      source: "t.csv",
      parse: { batchSize: 2 },
    });
    expect(summary.rejects).toEqual([]);
    const owners = t.db.analytics
      ? await t.db.analytics.query<{ o: string; c: string }>(
          `SELECT order_id AS o, external_id AS c FROM transactions FINAL
           ANY INNER JOIN (SELECT id AS customer_id, external_id FROM customers FINAL) USING customer_id
           ORDER BY order_id`,
        )
      : await t.db.raw.query<{ o: string; c: string }>(
          `SELECT t.order_id AS "o", c.external_id AS "c" FROM transactions t JOIN customers c ON c.id = t.customer_id ORDER BY t.order_id`,
        );
    expect(owners).toEqual([
      { o: "O1", c: "c1" },
      { o: "O2", c: "c1" },
      { o: "O3", c: "c1" },
      { o: "O4", c: "c2" },
    ]);
  });
});
