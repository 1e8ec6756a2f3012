/**
 * `GET /exports/segments/{name}.csv` and `.jsonl`: a segment's audience in the current run
 * under the published mapping, streamed from a database cursor (constant memory at any
 * segment size). `?columns=a,b` picks columns. Editors and admins may export with their
 * token; a URL from `createExport` carries a signature instead. Problems found before the
 * first byte (unknown segment or column, no run) are JSON errors with a status; a failure
 * while streaming aborts the response, so a client never takes a cut file for a whole one.
 */
import type { ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import type { AppServices } from "../context";
import { ExportError, exportSegment } from "../modules/export/export.service";
import { SegmentTableError } from "../modules/segment/segment.service";
import { refuse, requireRole } from "./auth";

const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
} as const;

interface ExportQuery {
  columns?: string;
  token?: string;
  expires?: string;
  sig?: string;
}

/** Waits for the socket to take more, or fails when the client goes away (no listener left behind). */
function drained(raw: ServerResponse): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onDrain = () => {
      raw.off("close", onClose);
      resolve();
    };
    const onClose = () => {
      raw.off("drain", onDrain);
      reject(new Error("the client went away"));
    };
    raw.once("drain", onDrain);
    raw.once("close", onClose);
  });
}

export function registerExportRoutes(app: FastifyInstance, services: AppServices): void {
  app.get<{ Params: { file: string }; Querystring: ExportQuery }>(
    "/exports/segments/:file",
    async (request, reply) => {
      const match = /^(.+)\.(csv|jsonl)$/.exec(request.params.file);
      if (!match) {
        return refuse(reply, 404, "NOT_FOUND", "exports are /exports/segments/{segment}.csv or .jsonl", {
          field: "format",
        });
      }
      const [, segment = "", format = "csv"] = match as unknown as [string, string, "csv" | "jsonl"];
      const query = request.query;
      let tokenId: number | null;
      if (request.principal) {
        if (!requireRole(reply, request.principal, "editor", "exporting an audience")) return reply;
        tokenId = request.principal.tokenId;
      } else {
        const grant = {
          segment,
          format,
          columns: query.columns ?? "",
          tokenId: Number(query.token),
          expires: Number(query.expires),
        };
        if (!query.sig || !services.signer.verify(grant, query.sig)) {
          return refuse(
            reply,
            401,
            "UNAUTHENTICATED",
            "a valid token or an unexpired signed export URL is required",
          );
        }
        tokenId = grant.tokenId;
      }
      const columns = query.columns === undefined ? undefined : query.columns.split(",");
      const raw = reply.raw;
      let started = false;
      reply.hijack();
      try {
        await exportSegment({
          db: services.db,
          segment,
          format,
          ...(columns ? { columns } : {}),
          tokenId,
          write: async (chunk: string) => {
            if (!started) {
              started = true;
              raw.writeHead(200, {
                "content-type": CONTENT_TYPES[format],
                "content-disposition": `attachment; filename="${encodeURIComponent(segment)}.${format}"`,
                "cache-control": "no-store",
              });
            }
            if (!raw.write(chunk)) await drained(raw);
          },
        });
        if (!started) raw.writeHead(200, { "content-type": CONTENT_TYPES[format] });
        raw.end();
      } catch (error) {
        if (started) {
          request.log.error({ err: error }, "export failed while streaming; response aborted");
          raw.destroy(error as Error);
          return;
        }
        const send = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) => {
          raw.writeHead(status, { "content-type": "application/json; charset=utf-8" });
          raw.end(JSON.stringify({ errors: [{ message, extensions: { ...extra, code } }] }));
        };
        if (error instanceof ExportError) {
          if (error.code === "SEGMENT_NOT_FOUND")
            send(404, "NOT_FOUND", error.message, { field: "segment", ...error.details });
          else
            send(400, "BAD_USER_INPUT", error.message, {
              field: error.code === "UNKNOWN_COLUMN" ? "columns" : "format",
              ...error.details,
            });
        } else if (error instanceof SegmentTableError) {
          send(409, "FAILED_PRECONDITION", error.message, { reason: error.code });
        } else {
          request.log.error({ err: error }, "export failed");
          send(500, "INTERNAL_SERVER_ERROR", "internal server error");
        }
      }
    },
  );
}
