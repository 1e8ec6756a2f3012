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

const DAY_MS = 86_400_000;
/** The longest expiry a token may be given, in days (ten years). */
export const MAX_EXPIRY_DAYS = 3650;

/**
 * When a token is to expire: `inDays` days from `now` (to the millisecond), or after the whole of
 * the day `on` (UTC: a token valid "until 2027-01-31" works through that day and stops at
 * 2027-02-01 00:00 UTC). Neither: null, it never expires. `field` prefixes the input's field
 * names in refusals (`input.` in the API, empty for the CLI).
 */
export function expiryOf(
  spec: { readonly on?: string | null; readonly inDays?: number | null },
  now: Date,
  fields: { readonly on: string; readonly inDays: string },
): Date | null {
  const on = spec.on ?? null;
  const inDays = spec.inDays ?? null;
  if (on !== null && inDays !== null) {
    throw new AppError("BAD_USER_INPUT", "give an expiry date or a number of days, not both", {
      field: fields.inDays,
    });
  }
  if (inDays !== null) {
    if (!Number.isSafeInteger(inDays) || inDays < 1 || inDays > MAX_EXPIRY_DAYS) {
      throw new AppError("BAD_USER_INPUT", `a token expires in 1 to ${MAX_EXPIRY_DAYS} days, got ${inDays}`, {
        field: fields.inDays,
      });
    }
    return new Date(now.getTime() + inDays * DAY_MS);
  }
  if (on === null) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(on);
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const start = Date.UTC(y, m - 1, d);
  if (!match || new Date(start).toISOString().slice(0, 10) !== on) {
    throw new AppError("BAD_USER_INPUT", `"${on.slice(0, 40)}" is not a date (YYYY-MM-DD)`, {
      field: fields.on,
    });
  }
  const end = new Date(start + DAY_MS);
  if (end.getTime() <= now.getTime()) {
    throw new AppError(
      "BAD_USER_INPUT",
      `${on} is in the past: a token expires after today (${now.toISOString().slice(0, 10)} UTC) or later`,
      { field: fields.on },
    );
  }
  if (end.getTime() - now.getTime() > (MAX_EXPIRY_DAYS + 1) * DAY_MS) {
    throw new AppError("BAD_USER_INPUT", `a token expires within ${MAX_EXPIRY_DAYS} days; ${on} is later`, {
      field: fields.on,
    });
  }
  return end;
}

/** `2027-01-31 00:00 UTC`: how expiry instants are written in messages. */
export function formatInstant(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The message an expired token is refused with (HTTP 401, UNAUTHENTICATED). */
export function expiredMessage(name: string, expiresAt: Date): string {
  return (
    `the token "${name}" expired on ${formatInstant(expiresAt)}: ask an admin for a new one ` +
    "(Team access in the admin, or rfm token create)"
  );
}

export type TokenStatus = "active" | "expired" | "revoked";

export interface TokenInfo {
  readonly id: number;
  readonly name: string;
  readonly role: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
  readonly expiresAt: Date | null;
}

const infoSelect = {
  id: true,
  name: true,
  role: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  expiresAt: true,
} as const;

/** Revoked wins over expired: a revoked token stays revoked whatever its expiry. */
export function tokenStatus(token: Pick<TokenInfo, "revokedAt" | "expiresAt">, now: Date): TokenStatus {
  if (token.revokedAt !== null) return "revoked";
  if (token.expiresAt !== null && token.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

/**
 * Creates a token and returns its secret: the only time the secret exists outside the caller.
 * The token and its audit entry (`token.create`, by `actor`: the creating token's name, or
 * `cli`) are written in one transaction.
 */
export async function createApiToken(
  db: Database,
  input: {
    readonly name: string;
    readonly role: string;
    readonly expiresAt?: Date | null;
    readonly actor?: string;
  },
): Promise<{ id: number; token: string; name: string; role: Role; info: TokenInfo }> {
  const name = input.name.trim();
  if (name === "") throw new AppError("BAD_USER_INPUT", "a token needs a name", { field: "name" });
  if (name.length > 100)
    throw new AppError("BAD_USER_INPUT", `a token's name is at most 100 characters, got ${name.length}`, {
      field: "name",
    });
  const role = input.role.toLowerCase();
  if (!isRole(role))
    throw new AppError("BAD_USER_INPUT", `role must be one of ${ROLES.join(", ")}, got "${input.role}"`, {
      field: "role",
    });
  const expiresAt = input.expiresAt ?? null;
  const token = PREFIX + randomBytes(32).toString("base64url");
  const info = await db.prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: { name, role, hash: hashToken(token), expiresAt },
      select: infoSelect,
    });
    await tx.auditLog.create({
      data: {
        actor: input.actor ?? "cli",
        action: "token.create",
        entity: "api_token",
        entityId: String(row.id),
        after: { name, role, expiresAt: expiresAt?.toISOString() ?? null },
      },
    });
    return row;
  });
  return { id: info.id, token, name, role, info };
}

/**
 * Revokes a token (audited as `token.revoke` by `actor`, in one transaction with the change).
 * The token as it is now, with `revoked: false` when it was already revoked (nothing changes
 * then, and nothing is audited); null when there is no such token.
 */
export async function revokeToken(
  db: Database,
  id: number,
  actor = "cli",
): Promise<{ token: TokenInfo; revoked: boolean } | null> {
  return db.prisma.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const token = await tx.apiToken.findUnique({ where: { id }, select: infoSelect });
    if (!token) return null;
    if (count > 0) {
      await tx.auditLog.create({
        data: {
          actor,
          action: "token.revoke",
          entity: "api_token",
          entityId: String(id),
          before: { name: token.name, role: token.role },
        },
      });
    }
    return { token, revoked: count > 0 };
  });
}

/** Revokes a token; false when there is no active token with that id (already revoked or none). */
export async function revokeApiToken(db: Database, id: number, actor = "cli"): Promise<boolean> {
  return (await revokeToken(db, id, actor))?.revoked ?? false;
}

/** Every token, oldest first (never a secret: only hashes are stored). */
export function listApiTokens(db: Database): Promise<TokenInfo[]> {
  return db.prisma.apiToken.findMany({ orderBy: { id: "asc" }, select: infoSelect });
}

/** A page of tokens, newest first (ids below `beforeId` when given), and how many there are. */
export async function pageApiTokens(
  db: Database,
  page: { readonly first: number; readonly beforeId?: number },
): Promise<{ rows: TokenInfo[]; totalCount: number }> {
  const [rows, totalCount] = await Promise.all([
    db.prisma.apiToken.findMany({
      ...(page.beforeId === undefined ? {} : { where: { id: { lt: page.beforeId } } }),
      orderBy: { id: "desc" },
      take: page.first + 1,
      select: infoSelect,
    }),
    db.prisma.apiToken.count(),
  ]);
  return { rows, totalCount };
}

export function getApiToken(db: Database, id: number): Promise<TokenInfo | null> {
  return db.prisma.apiToken.findUnique({ where: { id }, select: infoSelect });
}

type TokenRow = { id: number; name: string; role: string; revokedAt: Date | null; expiresAt: Date | null };

const rowSelect = { id: true, name: true, role: true, revokedAt: true, expiresAt: true } as const;

/** The principal a token row stands for: null when it is revoked or its role is not one of ours. */
function principalOf(row: TokenRow | null): Principal | null {
  return row && row.revokedAt === null && isRole(row.role)
    ? { tokenId: row.id, name: row.name, role: row.role }
    : null;
}

/** Throws UNAUTHENTICATED saying when it expired, once `expiresAt` is reached. */
function refuseIfExpired(name: string, expiresAt: Date | null, now: number): void {
  if (expiresAt !== null && expiresAt.getTime() <= now) {
    throw new AppError("UNAUTHENTICATED", expiredMessage(name, expiresAt), {
      details: { reason: "TOKEN_EXPIRED", expiresAt: expiresAt.toISOString() },
    });
  }
}

/**
 * The token's principal as the table says now (no cache): null when it was revoked, expired or
 * deleted. For grants that outlive a request, such as signed export URLs: `rfm token revoke`
 * runs in another process, so no in-process cache could be told, and a revoked token's URLs
 * must fail at once, not 5 s later.
 */
export async function currentPrincipal(db: Database, tokenId: number): Promise<Principal | null> {
  if (!Number.isSafeInteger(tokenId)) return null;
  const row = await db.prisma.apiToken.findUnique({ where: { id: tokenId }, select: rowSelect });
  if (row?.expiresAt && row.expiresAt.getTime() <= Date.now()) return null;
  return principalOf(row);
}

const CACHE_MS = 5_000;
const TOUCH_MS = 60_000;

interface CacheEntry {
  readonly principal: Principal | null;
  readonly expiresAt: Date | null;
  readonly until: number;
}

/**
 * Resolves secrets to principals. Verified tokens are cached for 5 s so a busy API does not read
 * the token table on every request: a token revoked by another process (`rfm token revoke`)
 * stops working within 5 s, one revoked through this server's API at once (`forget`), and signed
 * export URLs check `currentPrincipal` instead, at once. The cache keeps each token's expiry and
 * every hit compares it with the clock, so an expired token is refused from the instant it
 * expires, cached or not. `last used` is written at most once a minute per token.
 */
export class TokenVerifier {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly touched = new Map<number, number>();

  constructor(private readonly db: Database) {}

  /**
   * The token's principal; null when it is unknown or revoked. An expired token throws
   * UNAUTHENTICATED with the day it expired (the caller should ask for a new one, not retype it).
   */
  async verify(secret: string): Promise<Principal | null> {
    if (!secret.startsWith(PREFIX) || secret.length > 200) return null;
    const hash = hashToken(secret);
    const now = Date.now();
    let entry = this.cache.get(hash);
    if (!entry || entry.until <= now) {
      const row = await this.db.prisma.apiToken.findUnique({ where: { hash }, select: rowSelect });
      entry = { principal: principalOf(row), expiresAt: row?.expiresAt ?? null, until: now + CACHE_MS };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, entry);
    }
    const { principal } = entry;
    if (principal) refuseIfExpired(principal.name, entry.expiresAt, now);
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

  /** Drops a token from the cache (it was revoked here): its next request reads the table. */
  forget(tokenId: number): void {
    for (const [hash, entry] of this.cache) {
      if (entry.principal?.tokenId === tokenId) this.cache.delete(hash);
    }
  }
}
