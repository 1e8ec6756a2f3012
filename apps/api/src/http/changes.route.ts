/**
 * `GET /exports/segment-changes?segment=KEY[&since=...][&format=csv|jsonl][&profile=key]`: who
 * entered and who left a segment, oldest first, streamed page by page (modules/membership).
 * Editors and admins, with their token (what an audience export needs). `since` is an ISO
 * instant (`2024-07-01T00:00:00Z`) or a day (`2024-07-01`, from midnight in the store's time
 * zone). A missing segment, an unknown parameter, a bad `since` or `format` is 400 before the
 * first byte; an unknown segment key 404.
 */

import type { FastifyInstance } from "fastify";
import { AppError } from "../app-error";
import type { AppServices } from "../context";
import { calendarOf, dayNumberOf } from "../days";
import { env } from "../env";
import { type ChangeExportFormat, exportSegmentChanges } from "../modules/membership/changes.service";
import { resolveProfile } from "../modules/profile/profile.repository";
import { requireRole } from "./auth";
import { drained } from "./drained";

const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
} as const;

/** The route's query string (unknown parameters are refused by name: query-schemas.ts). */
export const CHANGES_QUERY = {
  type: "object",
  additionalProperties: false,
  required: ["segment"],
  properties: {
    segment: { type: "string", minLength: 1, maxLength: 200 },
    since: { type: "string", maxLength: 40 },
    format: { type: "string", enum: ["csv", "jsonl"] },
    profile: { type: "string", maxLength: 40 },
  },
} as const;

interface ChangesQuery {
  segment: string;
  since?: string;
  format?: ChangeExportFormat;
  profile?: string;
}

/** `since` as epoch ms: an ISO instant with its zone, or a day from midnight in the store's zone. */
export function parseSince(text: string, timeZone: string = env.STORE_TIME_ZONE): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = dayNumberOf(text);
    if (!Number.isNaN(day)) return calendarOf(timeZone).startOfDay(day);
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return ms;
  }
  throw new AppError(
    "BAD_USER_INPUT",
    `since "${text}" is neither a day (2024-07-01) nor an ISO instant with a zone (2024-07-01T00:00:00Z)`,
    { field: "query.since" },
  );
}

export function registerChangeRoutes(app: FastifyInstance, services: AppServices): void {
  app.get<{ Querystring: ChangesQuery }>(
    "/exports/segment-changes",
    { schema: { querystring: CHANGES_QUERY } },
    async (request, reply) => {
      if (!request.principal) {
        throw new AppError("UNAUTHENTICATED", "send an API token: Authorization: Bearer <token>");
      }
      requireRole(request.principal, "editor", "exporting segment changes");
      const query = request.query;
      const format = query.format ?? "csv";
      const since = query.since === undefined ? undefined : parseSince(query.since);
      const profile = await resolveProfile(services.db, query.profile, "profile");
      const raw = reply.raw;
      let started = false;
      try {
        await exportSegmentChanges({
          db: services.db,
          profileId: profile.id,
          key: query.segment,
          format,
          ...(since === undefined ? {} : { since }),
          write: (chunk) => {
            if (!started) {
              started = true;
              reply.hijack();
              raw.writeHead(200, {
                "content-type": CONTENT_TYPES[format],
                "content-disposition": `attachment; filename="${encodeURIComponent(query.segment)}-changes.${format}"`,
                "cache-control": "no-store",
              });
            }
            if (!raw.write(chunk)) return drained(raw);
          },
        });
      } catch (error) {
        if (!started) throw error;
        request.log.error({ err: error }, "segment change export failed while streaming; response aborted");
        raw.destroy(error as Error);
        return;
      }
      if (!started) return reply.code(200).header("content-type", CONTENT_TYPES[format]).send("");
      raw.end();
    },
  );
}
