/**
 * `POST /imports/transactions` and `POST /imports/customers` (editor role and up): the CLI's importer,
 * fed from the request body as it arrives (constant memory, any size). The options are query
 * parameters named like the CLI's flags: `format` (csv | jsonl; default from the content type),
 * `map=field=Column` (repeatable), `dateFormat` (repeatable), `encoding`, `delimiter`,
 * `batchSize`, `roundAmounts` (half-even | half-up), `futureToleranceDays`, `minDate`. The answer is the import summary with the first 1,000 rejected rows (line,
 * column, reason worded for people choosing options on a page, and the `hint` as data); `rejected`
 * counts them all. Every reject is also stored (import-rejects.ts) for
 * `GET /imports/{id}/rejects.csv`, named by `rejectsUrl`. Batches commit as they go, exactly as in the
 * CLI: a client that disconnects midway keeps what was committed, and sending the same file
 * again finishes the job. Refusals are thrown to the one error handler: a file or option problem
 * is 400 BAD_USER_INPUT with `field` (`query`, `body`) and `problems`; an import that stopped
 * part-way is 500 with `importId` and `committed`.
 *
 * `POST /imports/preview?kind=...` (editor role and up) takes the start of a file (the admin sends
 * 64 KB) and answers what the import would make of it (import/preview.ts): encoding, delimiter,
 * header, the importer's fields and the column each takes, the first 20 rows parsed or their
 * reject, and date formats that read the date column.
 */
import type { Readable } from "node:stream";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../app-error";
import type { AppServices } from "../context";
import {
  formatRejectsCsv,
  ImportError,
  type ImportKind,
  type ImportProblem,
  type ParseOptions,
  parseColumnMap,
  REJECTS_CSV_HEADER,
  type Reject,
  splitDateFormats,
  withHint,
} from "../import";
import { type ImportPreview, previewImport } from "../import/preview";
import {
  ImportFailedError,
  importCustomers,
  importTransactions,
  withImportDefaults,
} from "../modules/import/import.service";
import { importExists, MAX_STORED_REJECTS, storedRejects } from "../modules/import/import-rejects";
import { importRates } from "../modules/rates/rates.service";
import { requireRole } from "./auth";
import { drained } from "./drained";
import { IMPORT_QUERY, NO_QUERY, PREVIEW_QUERY, RATES_QUERY } from "./query-schemas";

const KEEP_REJECTS = 1_000;
/** The preview reads the start of a file: the admin sends 64 KB; more than this is refused. */
const MAX_PREVIEW_BYTES = 1024 * 1024;
/** A rates file is read whole: one rate per currency and day is small. */
const MAX_RATES_BYTES = 16 * 1024 * 1024;

interface ImportQuery {
  format?: string;
  map?: string | string[];
  dateFormat?: string | string[];
  encoding?: string;
  delimiter?: string;
  /** Parsed by the query schema (a positive integer up to MAX_IMPORT_BATCH_SIZE). */
  batchSize?: number;
  roundAmounts?: string;
  futureToleranceDays?: string;
  minDate?: string;
}

interface PreviewQuery {
  kind: ImportKind;
  format?: string;
  map?: string | string[];
  dateFormat?: string | string[];
  encoding?: string;
  delimiter?: string;
  roundAmounts?: string;
  partial?: boolean;
}

/** A reject as the HTTP routes answer it: the reason with its hint worded for the web, and the hint as data. */
function webReject<R extends Pick<Reject, "reason" | "hint">>(reject: R): R {
  return { ...reject, reason: withHint(reject.reason, reject.hint, "web") };
}

function webProblem(problem: ImportProblem): ImportProblem {
  return { ...problem, message: withHint(problem.message, problem.hint, "web") };
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function formatOf(request: FastifyRequest<{ Querystring: ImportQuery }>): "csv" | "jsonl" {
  const given = request.query.format;
  if (given !== undefined) {
    if (given !== "csv" && given !== "jsonl")
      throw ImportError.of("BAD_OPTION", `format must be csv or jsonl, got "${given}"`);
    return given;
  }
  const type = request.headers["content-type"] ?? "";
  return /ndjson|jsonl|json-lines/i.test(type) ? "jsonl" : "csv";
}

function parseOptionsOf(request: FastifyRequest<{ Querystring: ImportQuery }>): ParseOptions {
  const q = request.query;
  // The query schema has made batchSize a positive integer already.
  const batchSize = q.batchSize;
  const tolerance = q.futureToleranceDays === undefined ? undefined : Number(q.futureToleranceDays);
  if (tolerance !== undefined && !(q.futureToleranceDays?.trim() && tolerance >= 0)) {
    throw ImportError.of(
      "BAD_OPTION",
      `futureToleranceDays must be a number of days of 0 or more, got "${q.futureToleranceDays}"`,
    );
  }
  return {
    format: formatOf(request),
    columns: parseColumnMap(list(q.map)),
    dateFormats: list(q.dateFormat).flatMap(splitDateFormats),
    ...(q.encoding ? { encoding: q.encoding as ParseOptions["encoding"] } : {}),
    ...(q.delimiter ? { delimiter: q.delimiter } : {}),
    ...(batchSize ? { batchSize } : {}),
    // Checked by the parser, which names a bad value (BAD_OPTION).
    ...(q.roundAmounts ? { roundAmounts: q.roundAmounts as ParseOptions["roundAmounts"] } : {}),
    ...(tolerance !== undefined ? { futureToleranceDays: tolerance } : {}),
    ...(q.minDate ? { minDate: q.minDate } : {}),
  };
}

export function registerImportRoutes(app: FastifyInstance, services: AppServices): void {
  void app.register(async (scope) => {
    // The body is the file: hand the stream to the importer instead of buffering it.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_request, payload, done) => done(null, payload));

    // Exchange rates (modules/rates): all rows or none; bad rows are a 400 listing each one.
    scope.post<{ Querystring: { base?: string } }>(
      "/imports/rates",
      { schema: { querystring: RATES_QUERY } },
      async (request, reply) => {
        requireRole(request.principal!, "admin", "importing");
        const body = request.body as Readable | undefined;
        if (!body)
          throw new AppError("BAD_USER_INPUT", "the request body must be the rates file", { field: "body" });
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of body) {
          size += (chunk as Buffer).length;
          if (size > MAX_RATES_BYTES) {
            throw new AppError(
              "PAYLOAD_TOO_LARGE",
              `a rates file may have at most ${MAX_RATES_BYTES} bytes`,
              {
                field: "body",
              },
            );
          }
          chunks.push(chunk as Buffer);
        }
        const base = request.query.base;
        const summary = await importRates(
          services.db,
          Buffer.concat(chunks).toString("utf8"),
          base === undefined ? {} : { base },
        );
        return reply.send(summary);
      },
    );

    scope.post<{ Querystring: PreviewQuery }>(
      "/imports/preview",
      { schema: { querystring: PREVIEW_QUERY } },
      async (request, reply) => {
        requireRole(request.principal!, "editor", "importing");
        const q = request.query;
        let options: Parameters<typeof previewImport>[1];
        try {
          if (q.format !== undefined && q.format !== "csv" && q.format !== "jsonl")
            throw ImportError.of("BAD_OPTION", `format must be csv or jsonl, got "${q.format}"`);
          options = {
            ...withImportDefaults(),
            kind: q.kind,
            ...(q.format ? { format: q.format } : {}),
            columns: parseColumnMap(list(q.map)),
            dateFormats: list(q.dateFormat).flatMap(splitDateFormats),
            ...(q.encoding && q.encoding !== "auto"
              ? { encoding: q.encoding as ParseOptions["encoding"] }
              : {}),
            ...(q.delimiter && q.delimiter !== "auto" ? { delimiter: q.delimiter } : {}),
            ...(q.roundAmounts ? { roundAmounts: q.roundAmounts as ParseOptions["roundAmounts"] } : {}),
            partial: q.partial ?? false,
          };
        } catch (error) {
          throw error instanceof ImportError ? error.at("query") : error;
        }
        const body = request.body as Readable | undefined;
        if (!body)
          throw new AppError("BAD_USER_INPUT", "the request body must be the start of the file", {
            field: "body",
          });
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of body) {
          size += (chunk as Buffer).length;
          if (size > MAX_PREVIEW_BYTES) {
            throw new AppError(
              "PAYLOAD_TOO_LARGE",
              `a preview reads at most ${MAX_PREVIEW_BYTES} bytes: send the start of the file`,
              { field: "body" },
            );
          }
          chunks.push(chunk as Buffer);
        }
        let preview: ImportPreview;
        try {
          preview = await previewImport(Buffer.concat(chunks), options);
        } catch (error) {
          throw error instanceof ImportError ? error.at("body") : error;
        }
        return reply.send({
          ...preview,
          problems: preview.problems.map(webProblem),
          rows: preview.rows.map((row) => (row.reject ? { ...row, reject: webReject(row.reject) } : row)),
        });
      },
    );

    // Every reject of an import over HTTP (up to MAX_STORED_REJECTS), as the CLI's rejects file,
    // reasons worded for the web; streamed page by page.
    scope.get<{ Params: { id: string } }>(
      "/imports/:id/rejects.csv",
      { schema: { querystring: NO_QUERY } },
      async (request, reply) => {
        requireRole(request.principal!, "editor", "reading an import's rejects");
        const id = Number(request.params.id);
        if (
          !(Number.isInteger(id) && id > 0 && id <= 2_147_483_647) ||
          !(await importExists(services.db, id))
        ) {
          throw new AppError("NOT_FOUND", `there is no import ${request.params.id}`, { field: "id" });
        }
        const raw = reply.raw;
        reply.hijack();
        raw.writeHead(200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="import-${id}-rejects.csv"`,
          "cache-control": "no-store",
        });
        try {
          raw.write(REJECTS_CSV_HEADER);
          for await (const page of storedRejects(services.db, id)) {
            if (!raw.write(formatRejectsCsv(page, "web"))) await drained(raw);
          }
          raw.end();
        } catch (error) {
          request.log.error({ err: error }, "rejects download failed while streaming; response aborted");
          raw.destroy(error as Error);
        }
      },
    );

    for (const kind of ["transactions", "customers"] as const satisfies readonly ImportKind[]) {
      const route = { schema: { querystring: IMPORT_QUERY } };
      scope.post<{ Querystring: ImportQuery }>(`/imports/${kind}`, route, async (request, reply) => {
        const principal = request.principal!;
        requireRole(principal, "editor", "importing");
        let parse: ParseOptions;
        try {
          parse = parseOptionsOf(request);
        } catch (error) {
          throw error instanceof ImportError ? error.at("query") : error;
        }
        const body = request.body as Readable | undefined;
        if (!body)
          throw new AppError("BAD_USER_INPUT", "the request body must be the file", { field: "body" });
        const length = Number(request.headers["content-length"]);
        const run = kind === "transactions" ? importTransactions : importCustomers;
        try {
          const summary = await run({
            db: services.db,
            input: body,
            parse,
            source: `http:${principal.name}:${request.headers["x-file-name"] ?? kind}`,
            keepRejects: KEEP_REJECTS,
            storeRejects: true,
            ...(Number.isFinite(length) && length > 0 ? { expectedBytes: length } : {}),
          });
          services.state.invalidate();
          return reply.send({
            ...summary,
            rejects: summary.rejects.map(webReject),
            rejectsStored: Math.min(summary.rejected, MAX_STORED_REJECTS),
            rejectsUrl: `/imports/${summary.importId}/rejects.csv`,
          });
        } catch (error) {
          if (error instanceof ImportError) throw error.at("body");
          if (error instanceof ImportFailedError) {
            // What the client can do about it is this surface's to say (the CLI says it its way).
            throw new AppError("IMPORT_FAILED", `${error.message}; send the same file again to finish`, {
              details: error.details,
              cause: error,
            });
          }
          throw error;
        }
      });
    }
  });
}
