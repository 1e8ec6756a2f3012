/**
 * Every request but `/healthz` needs a valid token: `Authorization: Bearer rfm_...`. Export
 * downloads may instead carry a signature from `createExport` (checked by the export route).
 * Refusals are JSON in the GraphQL error shape, so clients handle them one way.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Principal, Role } from "../modules/auth/token.service";
import { roleAllows } from "../modules/auth/token.service";

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

export function refuse(
  reply: FastifyReply,
  status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 500,
  code: string,
  message: string,
  extensions: Record<string, unknown> = {},
): FastifyReply {
  return reply
    .code(status)
    .header("content-type", "application/json; charset=utf-8")
    .send({ errors: [{ message, extensions: { ...extensions, code } }] });
}

/** FORBIDDEN unless the principal has `role`; returns false when it refused. */
export function requireRole(reply: FastifyReply, principal: Principal, role: Role, what: string): boolean {
  if (roleAllows(principal.role, role)) return true;
  refuse(
    reply,
    403,
    "FORBIDDEN",
    `${what} needs the ${role} role; your token "${principal.name}" is ${principal.role}`,
    {
      required: role,
    },
  );
  return false;
}
