/**
 * Every request but `/healthz` needs a valid token: `Authorization: Bearer rfm_...`. Export
 * downloads may instead carry a signature from `createExport` (checked by the export route).
 * Refusals are AppErrors (UNAUTHENTICATED, FORBIDDEN), answered by the one error handler in the
 * GraphQL error shape, so clients handle them one way.
 */
import type { FastifyRequest } from "fastify";
import { AppError } from "../app-error";
import type { Principal, Role } from "../modules/auth/token.service";
import { roleAllows } from "../modules/auth/token.service";

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** Throws FORBIDDEN, naming the role needed, unless the principal has `role`. */
export function requireRole(principal: Principal, role: Role, what: string): void {
  if (roleAllows(principal.role, role)) return;
  throw new AppError(
    "FORBIDDEN",
    `${what} needs the ${role} role; your token "${principal.name}" is ${principal.role}`,
    { details: { required: role } },
  );
}
