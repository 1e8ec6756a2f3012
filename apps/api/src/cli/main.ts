import { Command } from "commander";
import { registerChangesCommand } from "./changes.command";
import { registerDbCommand } from "./db.command";
import { registerDemoCommand } from "./demo.command";
import { registerExportCommand } from "./export.command";
import { registerFactsCommand } from "./facts.command";
import { registerImportCommand } from "./import.command";
import { registerMappingCommand } from "./mapping.command";
import { registerProfileCommand } from "./profile.command";
import { registerScheduleCommand } from "./schedule.command";
import { registerScoreCommand } from "./score.command";
import { registerSegmentsCommand } from "./segments.command";
import { registerServeCommand } from "./serve.command";
import { registerTokenCommand } from "./token.command";
import { registerWebhookCommand } from "./webhook.command";

const program = new Command()
  .name("rfm")
  .description("RFM segmentation: import transactions, score customers, segment them and export audiences.")
  .showHelpAfterError();

registerDbCommand(program);
registerDemoCommand(program);
registerImportCommand(program);
registerScoreCommand(program);
registerScheduleCommand(program);
registerSegmentsCommand(program);
registerMappingCommand(program);
registerProfileCommand(program);
registerExportCommand(program);
registerChangesCommand(program);
registerFactsCommand(program);
registerServeCommand(program);
registerTokenCommand(program);
registerWebhookCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Domain errors carry a code and a message meant for people; print those without a stack.
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  process.stderr.write(`rfm: ${typeof code === "string" ? `${code}: ` : ""}${message}\n`);
  process.exitCode = 1;
}
