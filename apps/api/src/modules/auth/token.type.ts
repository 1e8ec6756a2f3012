import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionOf } from "../common/connection";
import { globalId, Node } from "../common/node";
import { DateTimeISO, LocalDate } from "../common/scalars";
import { UserError } from "../common/user-errors";
import { RoleEnum } from "./role.enum";
import { type TokenInfo, type TokenStatus, tokenStatus } from "./token.service";

export enum ApiTokenStatus {
  ACTIVE = "active",
  EXPIRED = "expired",
  REVOKED = "revoked",
}

registerEnumType(ApiTokenStatus, {
  name: "ApiTokenStatus",
  description: "Whether an API token still signs requests in.",
  valuesConfig: {
    ACTIVE: { description: "Neither revoked nor past its expiry: requests with it are served." },
    EXPIRED: {
      description: "Past its `expiresAt`: requests with it get UNAUTHENTICATED saying when it expired.",
    },
    REVOKED: { description: "Revoked by an admin: requests with it get UNAUTHENTICATED, for good." },
  },
});

@ObjectType("ApiToken", {
  implements: Node,
  description:
    "An API token (admin only): its name, role and life; never its secret, which only its hash stands for.",
})
export class ApiTokenType extends Node {
  @Field(() => Int, { description: "The token's number (what `rfm token revoke` takes)." })
  number!: number;

  @Field(() => String, { description: "Who or what holds it, as given when it was created." })
  name!: string;

  @Field(() => RoleEnum, { description: "What requests with it may do." })
  role!: RoleEnum;

  @Field(() => ApiTokenStatus, { description: "Active, expired or revoked, as of this request." })
  status!: ApiTokenStatus;

  @Field(() => DateTimeISO, { description: "When it was created." })
  createdAt!: Date;

  @Field(() => DateTimeISO, {
    nullable: true,
    description: "When a request last used it (written at most once a minute); null if never.",
  })
  lastUsedAt!: Date | null;

  @Field(() => DateTimeISO, {
    nullable: true,
    description: "The instant it stops working; null: it never expires.",
  })
  expiresAt!: Date | null;

  @Field(() => DateTimeISO, { nullable: true, description: "When it was revoked; null while it is not." })
  revokedAt!: Date | null;

  @Field(() => Boolean, {
    description: "True for the token this request was made with (revoking it signs the caller out).",
  })
  current!: boolean;
}

const STATUS: Readonly<Record<TokenStatus, ApiTokenStatus>> = {
  active: ApiTokenStatus.ACTIVE,
  expired: ApiTokenStatus.EXPIRED,
  revoked: ApiTokenStatus.REVOKED,
};

export function toApiTokenType(token: TokenInfo, currentTokenId: number, now: Date): ApiTokenType {
  return {
    id: globalId("ApiToken", token.id),
    number: token.id,
    name: token.name,
    role: token.role.toUpperCase() as RoleEnum,
    status: STATUS[tokenStatus(token, now)],
    createdAt: token.createdAt,
    lastUsedAt: token.lastUsedAt,
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
    current: token.id === currentTokenId,
  };
}

export const { Connection: ApiTokenConnection } = connectionOf(
  ApiTokenType,
  "ApiToken",
  "API tokens, newest first (revoked and expired ones too: the list is their history).",
);

@InputType({ description: "A new API token: who holds it, what it may do, and when it stops working." })
export class CreateApiTokenInput {
  @Field(() => String, {
    description: "Who or what holds it (1 to 100 characters); shown in the audit and export logs.",
  })
  name!: string;

  @Field(() => RoleEnum, { description: "What requests with it may do." })
  role!: RoleEnum;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      "The last day it works (UTC): it stops at 00:00 UTC the next day. Not with `expiresInDays`; neither: it never expires.",
  })
  expiresOn?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "It stops working this many days (1 to 3650) from now. Not with `expiresOn`.",
  })
  expiresInDays?: number | null;
}

@ObjectType({ description: "The result of createApiToken." })
export class CreateApiTokenPayload {
  @Field(() => ApiTokenType, { nullable: true, description: "The new token; null when refused." })
  apiToken!: ApiTokenType | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The secret to send as `Authorization: Bearer <secret>`: in this answer only (only its hash is stored); null when refused.",
  })
  secret!: string | null;

  @Field(() => [UserError], { description: "Mistakes in the input; empty on success." })
  userErrors!: UserError[];
}

@InputType({ description: "The API token to revoke." })
export class RevokeApiTokenInput {
  @Field(() => ID, { description: "The token's global id (`gid://rfm/ApiToken/3`) or its number." })
  id!: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "True to revoke the token this request is made with (it signs the caller out); without it that is refused with REVOKES_OWN_TOKEN.",
  })
  confirmOwnToken?: boolean | null;
}

@ObjectType({ description: "The result of revokeApiToken." })
export class RevokeApiTokenPayload {
  @Field(() => ApiTokenType, {
    nullable: true,
    description: "The token, now revoked (revoking a revoked token changes nothing); null when refused.",
  })
  apiToken!: ApiTokenType | null;

  @Field(() => [UserError], { description: "Mistakes in the input; empty on success." })
  userErrors!: UserError[];
}
