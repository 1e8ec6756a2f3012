/**
 * API tokens: a random secret shown once, stored as a SHA-256 hash with a name and a role.
 * A request presents the secret (`Authorization: Bearer rfm_...`); the hash is looked up.
 * SHA-256 rather than a slow password hash: the secret has 256 bits of entropy, so there is
 * nothing to brute-force, and every request must verify it in microseconds.
 */
import { createHash, randomBytes } from "node:crypto";
import { AppError } from "../../app-error";
import type { Database } from "../../db/client";

export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** What each role may do beyond the one below it. */
const RANK: Readonly<Record<Role, number>> = { viewer: 0, editor: 1, admin: 2 };

/** True when `role` is `required` or above it (admin > editor > viewer). */
export function roleAllows(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export interface Principal {
  readonly tokenId: number;
  readonly name: string;
  readonly role: Role;
}

const PREFIX = "rfm_";

export function hashToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Creates a token and returns its secret: the only time the secret exists outside the caller. */
export async function createApiToken(
  db: Database,
  input: { readonly name: string; readonly role: string },
): Promise<{ id: number; token: string; name: string; role: Role }> {
  const name = input.name.trim();
  if (name === "") throw new AppError("BAD_USER_INPUT", "a token needs a name (--name)", { field: "name" });
  if (!isRole(input.role))
    throw new AppError("BAD_USER_INPUT", `role must be one of ${ROLES.join(", ")}, got "${input.role}"`, {
      field: "role",
    });
  const token = PREFIX + randomBytes(32).toString("base64url");
  const row = await db.prisma.apiToken.create({
    data: { name, role: input.role, hash: hashToken(token) },
    select: { id: true },
  });
  await db.prisma.auditLog.create({
    data: {
      actor: name,
      action: "token.create",
      entity: "api_token",
      entityId: String(row.id),
      after: { name, role: input.role },
    },
  });
  return { id: row.id, token, name, role: input.role };
}

export async function revokeApiToken(db: Database, id: number): Promise<boolean> {
  const { count } = await db.prisma.apiToken.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count > 0) {
    await db.prisma.auditLog.create({
      data: { actor: "cli", action: "token.revoke", entity: "api_token", entityId: String(id) },
    });
  }
  return count > 0;
}

export interface TokenInfo {
  readonly id: number;
  readonly name: string;
  readonly role: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

export function listApiTokens(db: Database): Promise<TokenInfo[]> {
  return db.prisma.apiToken.findMany({
    orderBy: { id: "asc" },
    select: { id: true, name: true, role: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

type TokenRow = { id: number; name: string; role: string; revokedAt: Date | null };

/** The principal a token row stands for: null when it is revoked or its role is not one of ours. */
function principalOf(row: TokenRow | null): Principal | null {
  return row && row.revokedAt === null && isRole(row.role)
    ? { tokenId: row.id, name: row.name, role: row.role }
    : null;
}

/**
 * The token's principal as the table says now (no cache): null when it was revoked or deleted.
 * For grants that outlive a request, such as signed export URLs: `rfm token revoke` runs in
 * another process, so no in-process cache could be told, and a revoked token's URLs must fail
 * at once, not 5 s later.
 */
export async function currentPrincipal(db: Database, tokenId: number): Promise<Principal | null> {
  if (!Number.isSafeInteger(tokenId)) return null;
  const row = await db.prisma.apiToken.findUnique({
    where: { id: tokenId },
    select: { id: true, name: true, role: true, revokedAt: true },
  });
  return principalOf(row);
}

const CACHE_MS = 5_000;
const TOUCH_MS = 60_000;

/**
 * Resolves secrets to principals. Verified tokens are cached for 5 s (a revoked token stops
 * working within 5 s; signed export URLs check `currentPrincipal` instead, at once) so a busy API does not read the token table on every request; `last
 * used` is written at most once a minute per token.
 */
export class TokenVerifier {
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();
  private readonly touched = new Map<number, number>();

  constructor(private readonly db: Database) {}

  async verify(secret: string): Promise<Principal | null> {
    if (!secret.startsWith(PREFIX) || secret.length > 200) return null;
    const hash = hashToken(secret);
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) return cached.principal;
    const row = await this.db.prisma.apiToken.findUnique({
      where: { hash },
      select: { id: true, name: true, role: true, revokedAt: true },
    });
    const principal = principalOf(row);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, until: now + CACHE_MS });
    if (principal && (this.touched.get(principal.tokenId) ?? 0) + TOUCH_MS < now) {
      this.touched.set(principal.tokenId, now);
      // Not awaited: on SQLite a write waits for the write lock (a scoring run holds it for
      // seconds), and a request must not wait for bookkeeping.
      void this.db.prisma.apiToken
        .update({ where: { id: principal.tokenId }, data: { lastUsedAt: new Date(now) } })
        .catch(() => undefined);
    }
    return principal;
  }
}
