/**
 * `GET /exports/segments/{key-or-name}.csv` and `.jsonl`: a segment's audience in the current
 * run under the published mapping (of the scoring profile `?profile=key`; default: the default
 * profile), narrowed by the audience filters given as query parameters (`?province=ON&r=4-`,
 * audience.params.ts); `GET /exports/customers.{csv|jsonl}` the same without a segment;
 * `GET /exports/audiences/{saved-name}.{csv|jsonl}` a saved audience. Streamed from a database
 * cursor (constant memory at any size). `?columns=a,b` picks columns; `?preset=`, `?purpose=` and
 * `?excel=true` as in `createExport` (docs/api.md, "Export presets", "Consent"). The file is named
 * by `Content-Disposition` (file-name.ts); its counts (rows, left out by reason) come as trailers.
 * The rows are exactly the
 * ones `customers(filter:)` counts: one compile (modules/audience). Editors and admins may export with their
 * token; a URL from `createExport` carries a signature instead. Either way the token's state is
 * read from the table at download (not the 5 s cache): a revoked token, or its signed URLs,
 * stop exporting at once. Problems found before the
 * first byte (unknown segment or column, no run) are thrown to the one error handler (a JSON
 * error with the table's status): the reply is taken over only at the first byte. A failure
 * while streaming aborts the response, so a client never takes a cut file for a whole one.
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../app-error";
import type { AppServices } from "../context";
import { type AudienceParams, filterFromParams, queryOfFilter } from "../modules/audience/audience.params";
import { currentPrincipal } from "../modules/auth/token.service";
import { exportAudience } from "../modules/export/export.service";
import type { ExportRoute } from "../modules/export/export.signing";
import { contentDisposition } from "../modules/export/file-name";
import { resolveProfile } from "../modules/profile/profile.repository";
import { requireRole } from "./auth";
import { drained } from "./drained";
import { EXPORT_QUERY, SAVED_AUDIENCE_EXPORT_QUERY } from "./query-schemas";

const SUMMARY_TRAILERS = {
  "x-rfm-rows": "rows written",
  "x-rfm-left-out-no-consent": "customers left out: consent refused or not recorded (CAMPAIGN)",
  "x-rfm-left-out-no-identifier": "customers left out: no usable identifier for the preset",
} as const;

function summaryFields(
  result: Awaited<ReturnType<typeof exportAudience>>,
): Record<keyof typeof SUMMARY_TRAILERS, string> {
  return {
    "x-rfm-rows": String(result.rows),
    "x-rfm-left-out-no-consent": String(result.leftOut.optedOut + result.leftOut.consentNotRecorded),
    "x-rfm-left-out-no-identifier": String(result.leftOut.noIdentifier),
  };
}

const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
} as const;

type ExportQuery = {
  profile?: string;
  columns?: string;
  token?: string;
  expires?: string;
  sig?: string;
  preset?: string;
  purpose?: string;
  excel?: string;
} & AudienceParams;

/** The file part of a path: `{name}.csv` or `{name}.jsonl`. */
function fileOf(file: string, route: ExportRoute): { name: string; format: "csv" | "jsonl" } {
  const match = /^(.+)\.(csv|jsonl)$/.exec(file);
  if (!match) {
    throw new AppError(
      "NOT_FOUND",
      route === "audiences"
        ? "saved audience exports are /exports/audiences/{name}.csv or .jsonl"
        : "exports are /exports/segments/{segment}.csv or .jsonl, or /exports/customers.csv or .jsonl",
      { field: "format" },
    );
  }
  return { name: match[1] ?? "", format: match[2] as "csv" | "jsonl" };
}

export function registerExportRoutes(app: FastifyInstance, services: AppServices): void {
  const handle = (route: ExportRoute) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { file } = request.params as { file: string };
    const { name, format } = fileOf(file, route);
    const query = request.query as ExportQuery;
    // The filters as the audience compiler takes them; a malformed one is a 400 naming it.
    const filter = route === "audiences" ? {} : filterFromParams(query, (param) => `query.${param}`);
    if (route === "segments" && query.segment !== undefined) {
      throw new AppError(
        "BAD_USER_INPUT",
        "the segment is the path's (/exports/segments/{segment}); leave out ?segment",
        {
          field: "query.segment",
        },
      );
    }
    const signed = request.principal === null;
    let asker: number;
    if (request.principal) {
      requireRole(request.principal, "editor", "exporting an audience");
      asker = request.principal.tokenId;
    } else {
      const grant = {
        profile: query.profile ?? "",
        route,
        segment: route === "customers" ? "" : name,
        filter: queryOfFilter(filter),
        format,
        columns: query.columns ?? "",
        preset: query.preset ?? "",
        purpose: query.purpose ?? "",
        excel: query.excel ?? "",
        tokenId: Number(query.token),
        expires: Number(query.expires),
      };
      if (!query.sig || !services.signer.verify(grant, query.sig)) {
        throw new AppError("UNAUTHENTICATED", "a valid token or an unexpired signed export URL is required");
      }
      asker = grant.tokenId;
    }
    // A download reads its token's state from the table, not from the 5 s cache: a token
    // revoked (by `rfm token revoke`, another process) or lowered stops exporting at once, and
    // a signed URL speaks for its token only while that token may still export.
    const owner = await currentPrincipal(services.db, asker);
    if (!owner) {
      throw new AppError(
        "UNAUTHENTICATED",
        signed
          ? "the token this export URL was made for has been revoked or has expired; sign in again and export anew"
          : "the token is not valid (unknown, revoked or mistyped)",
      );
    }
    requireRole(owner, "editor", "exporting an audience");
    const tokenId = owner.tokenId;
    const columns = query.columns === undefined ? undefined : query.columns.split(",");
    const profile = await resolveProfile(services.db, query.profile, "profile");
    const raw = reply.raw;
    let fileName = `${route === "customers" ? "customers" : name}.${format}`;
    let started = false;
    let result: Awaited<ReturnType<typeof exportAudience>>;
    try {
      result = await exportAudience({
        db: services.db,
        profileId: profile.id,
        ...(route === "segments" ? { segment: name } : {}),
        ...(route === "audiences" ? { audience: name } : { filter, fieldPrefix: "query" }),
        format,
        ...(columns ? { columns } : {}),
        preset: query.preset ?? null,
        purpose: query.purpose ?? null,
        excel: query.excel === "true" || query.excel === "1",
        tokenId,
        onReady: (info) => {
          fileName = info.fileName;
        },
        write: async (chunk: string) => {
          if (!started) {
            // The first byte: from here on the response is ours to stream, or to abort.
            started = true;
            reply.hijack();
            raw.writeHead(200, {
              "content-type": CONTENT_TYPES[format],
              "content-disposition": contentDisposition(fileName),
              "cache-control": "no-store",
              // What was left out is known only after the last row: sent as trailers of the
              // chunked response (and always in the export log, `exports`).
              trailer: Object.keys(SUMMARY_TRAILERS).join(", "),
            });
          }
          if (!raw.write(chunk)) await drained(raw);
        },
      });
    } catch (error) {
      if (!started) throw error;
      request.log.error({ err: error }, "export failed while streaming; response aborted");
      raw.destroy(error as Error);
      return;
    }
    const summary = summaryFields(result);
    if (!started) {
      // Nothing written (JSON lines of an empty audience): the counts fit in the headers.
      return reply
        .code(200)
        .header("content-type", CONTENT_TYPES[format])
        .header("content-disposition", contentDisposition(fileName))
        .headers(summary)
        .send("");
    }
    raw.addTrailers(summary);
    raw.end();
  };
  app.get("/exports/segments/:file", { schema: { querystring: EXPORT_QUERY } }, handle("segments"));
  app.get(
    "/exports/audiences/:file",
    { schema: { querystring: SAVED_AUDIENCE_EXPORT_QUERY } },
    handle("audiences"),
  );
  app.get("/exports/:file", { schema: { querystring: EXPORT_QUERY } }, async (request, reply) => {
    // `/exports/customers.{csv|jsonl}`: an audience of no one segment (any other file is unknown).
    const { file } = request.params as { file: string };
    if (!/^customers\.(csv|jsonl)$/.test(file)) {
      throw new AppError("NOT_FOUND", `no route GET /exports/${file}`);
    }
    return handle("customers")(request, reply);
  });
}
