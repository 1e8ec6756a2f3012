/**
 * `GET /exports/segments/{key-or-name}.csv` and `.jsonl`: a segment's audience in the current
 * run under the published mapping (of the scoring profile `?profile=key`; default: the default
 * profile), narrowed by the audience filters given as query parameters (`?province=ON&r=4-`,
 * audience.params.ts); `GET /exports/customers.{csv|jsonl}` the same without a segment;
 * `GET /exports/audiences/{saved-name}.{csv|jsonl}` a saved audience. Streamed from a database
 * cursor (constant memory at any size). `?columns=a,b` picks columns. The rows are exactly the
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
import { resolveProfile } from "../modules/profile/profile.repository";
import { requireRole } from "./auth";
import { drained } from "./drained";
import { EXPORT_QUERY, SAVED_AUDIENCE_EXPORT_QUERY } from "./query-schemas";

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
          ? "the token this export URL was made for has been revoked; sign in again and export anew"
          : "the token is not valid (unknown, revoked or mistyped)",
      );
    }
    requireRole(owner, "editor", "exporting an audience");
    const tokenId = owner.tokenId;
    const columns = query.columns === undefined ? undefined : query.columns.split(",");
    const profile = await resolveProfile(services.db, query.profile, "profile");
    const raw = reply.raw;
    const fileName = route === "customers" ? "customers" : name;
    let started = false;
    try {
      await exportAudience({
        db: services.db,
        profileId: profile.id,
        ...(route === "segments" ? { segment: name } : {}),
        ...(route === "audiences" ? { audience: name } : { filter, fieldPrefix: "query" }),
        format,
        ...(columns ? { columns } : {}),
        tokenId,
        write: async (chunk: string) => {
          if (!started) {
            // The first byte: from here on the response is ours to stream, or to abort.
            started = true;
            reply.hijack();
            raw.writeHead(200, {
              "content-type": CONTENT_TYPES[format],
              "content-disposition": `attachment; filename="${encodeURIComponent(fileName)}.${format}"`,
              "cache-control": "no-store",
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
    if (!started) return reply.code(200).header("content-type", CONTENT_TYPES[format]).send("");
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
