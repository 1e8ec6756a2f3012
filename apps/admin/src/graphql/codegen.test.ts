import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";
import config from "../../codegen";

const ADMIN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const GENERATED_DIR = join(ADMIN_DIR, "src/graphql/generated");

/**
 * The committed typed documents must be what codegen makes from the committed API schema and
 * the documents in src today: a changed schema or document without `npm run codegen` fails here.
 * Generation runs in memory (nothing is written).
 */
describe("generated GraphQL types", () => {
  it("match apps/api/schema.graphql and the documents in src", { timeout: 60_000 }, async () => {
    // generate() is typed `FileOutput[] | any` because of its watch mode, which is not used here.
    const outputs: { filename: string; content: string }[] = await generate(
      { ...config, cwd: ADMIN_DIR, silent: true, verbose: false },
      false,
    );
    const generated = new Map(
      outputs.map((output) => [relative(GENERATED_DIR, resolve(ADMIN_DIR, output.filename)), output.content]),
    );
    const committed = readdirSync(GENERATED_DIR).sort();
    expect([...generated.keys()].sort(), "files in src/graphql/generated (run npm run codegen)").toEqual(
      committed,
    );
    for (const [file, content] of generated) {
      expect(
        readFileSync(join(GENERATED_DIR, file), "utf8"),
        `${file} is stale: run npm run codegen -w @rfm/admin`,
      ).toBe(content);
    }
  });
});
