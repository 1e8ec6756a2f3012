/**
 * Imports from a folder (`IMPORT_DIR`; docs/import.md, "A drop folder"): `rfm serve` looks at the
 * folder every few seconds and imports each new `.csv` or `.jsonl` file once, then moves it
 * aside: to `imported/` (its rejected rows, if any, beside it as `<file>.rejects.csv`), or to
 * `failed/` with `<file>.error.txt` saying why. A file whose name starts with `customers` is a
 * customers import; any other is a transactions import, with the default columns
 * (docs/import.md, "Columns").
 *
 * - Once: a file is claimed by renaming it into `.importing/` under the claimer's process id;
 *   a rename succeeds for exactly one of any number of processes, so two servers watching one
 *   folder never import a file twice at once.
 * - A file still being written is left until it has not changed for `settleMs` (copy a file in
 *   under another name, such as `.part`, and rename it when complete, to be sure).
 * - Restarts: a file left in `.importing/` by a process that no longer exists (killed mid-import)
 *   goes back to the folder and is imported again; imports are idempotent (an order already
 *   stored is counted "present", not added twice), so nothing is doubled.
 */

import {
  appendFileSync,
  createReadStream,
  mkdirSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { Database } from "../../db/client";
import { formatFromPath, formatRejectsCsv, type ImportKind, REJECTS_CSV_HEADER } from "../../import";
import { isProcessAlive } from "../../process-alive";
import { Periodic } from "../common/periodic";
import { type ImportSummary, importCustomers, importTransactions } from "../import/import.service";

export const IMPORTING_DIR = ".importing";
export const IMPORTED_DIR = "imported";
export const FAILED_DIR = "failed";
/** How long a file must be unchanged before it is imported (ms). */
export const DEFAULT_SETTLE_MS = 2_000;

const IMPORTABLE = /\.(csv|jsonl|ndjson)$/i;

export interface ImportFolderOptions {
  readonly db: Database;
  readonly dir: string;
  readonly intervalMs?: number;
  readonly settleMs?: number;
  /** The claimer's process id (default: this process's); tests name two claimers in one process. */
  readonly pid?: number;
  /** Whether a claimer's process is alive (default: isProcessAlive). */
  readonly isAlive?: (pid: number) => boolean;
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
  readonly onImported?: (file: ImportedFile) => void;
}

export interface ImportedFile {
  readonly file: string;
  readonly kind: ImportKind;
  /** Where the file went: `imported/...` or `failed/...`, relative to the folder. */
  readonly movedTo: string;
  readonly summary: ImportSummary | null;
  readonly error: string | null;
}

/** The import a file name asks for: `customers*.csv` are customers, any other file transactions. */
export function kindOf(file: string): ImportKind {
  return /^customers/i.test(file) ? "customers" : "transactions";
}

/** `2026-12-06T05-30-00-000Z-orders.csv`: moved files keep their name, after the time they were imported. */
function stamped(file: string, now: number): string {
  return `${new Date(now).toISOString().replace(/[:.]/g, "-")}-${file}`;
}

export class ImportFolder {
  private readonly periodic: Periodic<ImportedFile[]>;
  private readonly pid: number;
  private readonly now: () => number;

  constructor(private readonly options: ImportFolderOptions) {
    this.pid = options.pid ?? process.pid;
    this.now = options.now ?? Date.now;
    this.periodic = new Periodic(() => this.importNew(), options.intervalMs ?? 5_000, options.onError);
  }

  start(): void {
    this.periodic.start();
  }

  async stop(): Promise<void> {
    await this.periodic.stop();
  }

  /** One look at the folder: imports every settled file this instance claims; returns them. */
  tick(): Promise<ImportedFile[]> {
    return this.periodic.once();
  }

  private async importNew(): Promise<ImportedFile[]> {
    const { dir } = this.options;
    for (const sub of [IMPORTING_DIR, IMPORTED_DIR, FAILED_DIR])
      mkdirSync(join(dir, sub), { recursive: true });
    this.recoverAbandoned();
    const settle = this.options.settleMs ?? DEFAULT_SETTLE_MS;
    const done: ImportedFile[] = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isFile() || !IMPORTABLE.test(entry.name)) continue;
      const path = join(dir, entry.name);
      let mtime: number;
      try {
        mtime = statSync(path).mtimeMs;
      } catch {
        continue; // claimed by another process meanwhile
      }
      if (this.now() - mtime < settle) continue;
      const claimed = join(dir, IMPORTING_DIR, `${this.pid}~${entry.name}`);
      try {
        renameSync(path, claimed);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") continue; // another process won it
        throw error;
      }
      done.push(await this.importClaimed(entry.name, claimed));
    }
    return done;
  }

  /** Files claimed by processes that are gone go back to the folder, to be imported again. */
  private recoverAbandoned(): void {
    const { dir } = this.options;
    const alive = this.options.isAlive ?? isProcessAlive;
    for (const name of readdirSync(join(dir, IMPORTING_DIR))) {
      const match = /^(\d+)~(.+)$/.exec(name);
      if (!match) continue;
      const owner = Number(match[1]);
      if (owner === this.pid || alive(owner)) continue;
      try {
        renameSync(join(dir, IMPORTING_DIR, name), join(dir, match[2]!));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
  }

  private async importClaimed(file: string, path: string): Promise<ImportedFile> {
    const { db, dir } = this.options;
    const kind = kindOf(file);
    const target = stamped(file, this.now());
    const rejectsPath = join(dir, IMPORTED_DIR, `${target}.rejects.csv`);
    let rejectRows = 0;
    const run = kind === "customers" ? importCustomers : importTransactions;
    try {
      const summary = await run({
        db,
        input: createReadStream(path),
        source: file,
        parse: { format: formatFromPath(file) },
        expectedBytes: statSync(path).size,
        onRejects: (rejects) => {
          if (rejectRows === 0) writeFileSync(rejectsPath, REJECTS_CSV_HEADER);
          rejectRows += rejects.length;
          appendFileSync(rejectsPath, formatRejectsCsv(rejects, "cli"));
        },
      });
      const movedTo = join(IMPORTED_DIR, target);
      renameSync(path, join(dir, movedTo));
      const imported = { file, kind, movedTo, summary, error: null };
      this.options.onImported?.(imported);
      return imported;
    } catch (failure) {
      const code = (failure as { code?: unknown }).code;
      const message = failure instanceof Error ? failure.message : String(failure);
      const error = typeof code === "string" ? `${code}: ${message}` : message;
      const movedTo = join(FAILED_DIR, target);
      renameSync(path, join(dir, movedTo));
      writeFileSync(join(dir, `${movedTo}.error.txt`), `${error}\n`);
      const failed = { file, kind, movedTo, summary: null, error };
      this.options.onImported?.(failed);
      return failed;
    }
  }
}
