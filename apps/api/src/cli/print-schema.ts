/** `npm run schema -w @rfm/api`: writes apps/api/schema.graphql from the code. */
import { writeFileSync } from "node:fs";
import { printedSchema, SCHEMA_FILE } from "../schema";

writeFileSync(SCHEMA_FILE, await printedSchema());
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
