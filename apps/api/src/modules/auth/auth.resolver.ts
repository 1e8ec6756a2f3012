import {
  Arg,
  Args,
  ArgsType,
  type AuthChecker,
  Authorized,
  Ctx,
  Field,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from "type-graphql";
import { AppError } from "../../app-error";
import type { Context } from "../../context";
import { toConnection } from "../common/connection";
import { decodeCursor, encodeCursor } from "../common/cursor";
import { PageSize } from "../common/limits";
import { registerNodeType } from "../common/node";
import { mutationPayload } from "../common/user-errors";
import { numberOf } from "../webhook/webhook.resolver";
import { RoleEnum } from "./role.enum";
import {
  createApiToken,
  expiryOf,
  getApiToken,
  isRole,
  pageApiTokens,
  revokeToken,
  roleAllows,
} from "./token.service";
import {
  ApiTokenConnection,
  type ApiTokenType,
  CreateApiTokenInput,
  CreateApiTokenPayload,
  RevokeApiTokenInput,
  RevokeApiTokenPayload,
  toApiTokenType,
} from "./token.type";

export { RoleEnum } from "./role.enum";

// node(id:) for admins only, as apiTokens is.
registerNodeType("ApiToken", async (key, ctx) => {
  if (ctx.principal.role !== "admin") return null;
  const n = Number(key);
  const found = Number.isSafeInteger(n) ? await getApiToken(ctx.db, n) : null;
  return found ? toApiTokenType(found, ctx.principal.tokenId, new Date()) : null;
});

@ArgsType()
class ApiTokensArgs {
  @Field(() => Int, { defaultValue: 50, description: "How many (1 to 200)." })
  @PageSize()
  first!: number;

  @Field(() => String, { nullable: true, description: "The `endCursor` of the previous page." })
  after?: string | null;
}

@ObjectType({ description: "Who is calling: the token the request was made with." })
export class Viewer {
  @Field(() => String, { description: "The name the token was created with (`rfm token create`)." })
  name!: string;

  @Field(() => RoleEnum, { description: "The token's role: what the caller may do." })
  role!: RoleEnum;
}

/**
 * `@Authorized("editor")` on a mutation: the caller's role must be at least that. Every request
 * already carries a valid token (the HTTP layer refuses the others), so this only checks rank,
 * and refuses with FORBIDDEN naming the role needed.
 */
export const authChecker: AuthChecker<Context, string> = ({ context }, roles) => {
  const needed = roles[0] ?? "viewer";
  if (!isRole(needed)) throw new Error(`unknown role ${needed} in @Authorized`);
  if (!roleAllows(context.principal.role, needed)) {
    throw new AppError(
      "FORBIDDEN",
      `this needs the ${needed} role; your token "${context.principal.name}" is ${context.principal.role}`,
      { details: { required: needed, role: context.principal.role } },
    );
  }
  return true;
};

@Resolver()
export class AuthResolver {
  @Query(() => Viewer, { description: "Who is calling: the request's token name and role." })
  me(@Ctx() ctx: Context): Viewer {
    return { name: ctx.principal.name, role: ctx.principal.role.toUpperCase() as RoleEnum };
  }

  @Authorized("admin")
  @Query(() => ApiTokenConnection, {
    description: "API tokens, newest first, with role, status and last use (admin only; never a secret).",
  })
  async apiTokens(
    @Ctx() ctx: Context,
    @Args(() => ApiTokensArgs) { first, after }: ApiTokensArgs,
  ): Promise<InstanceType<typeof ApiTokenConnection>> {
    const [beforeId] = after ? (decodeCursor(after, 1) as [number]) : [undefined];
    const { rows, totalCount } = await pageApiTokens(ctx.db, {
      first,
      ...(typeof beforeId === "number" ? { beforeId } : {}),
    });
    const now = new Date();
    return toConnection(
      rows.map((t) => toApiTokenType(t, ctx.principal.tokenId, now)),
      first,
      after,
      (t) => encodeCursor([t.number]),
      totalCount,
    );
  }

  @Authorized("admin")
  @Mutation(() => CreateApiTokenPayload, {
    description:
      "Creates an API token (admin only, audited). The answer holds its secret, shown only this once.",
  })
  createApiToken(
    @Ctx() ctx: Context,
    @Arg("input", () => CreateApiTokenInput, {
      validate: false,
      description: "The token's name, role and optional expiry.",
    })
    input: CreateApiTokenInput,
  ): Promise<CreateApiTokenPayload> {
    return mutationPayload(input, async () => {
      const now = new Date();
      const expiresAt = expiryOf({ on: input.expiresOn, inDays: input.expiresInDays }, now, {
        on: "input.expiresOn",
        inDays: "input.expiresInDays",
      });
      const created = await createApiToken(ctx.db, {
        name: input.name,
        role: input.role,
        expiresAt,
        actor: ctx.principal.name,
      }).catch((error: unknown) => {
        // The service names bare fields (the CLI's); here they are the input's.
        if (error instanceof AppError && error.field && !error.field.startsWith("input.")) {
          throw new AppError(error.code, error.message, { field: `input.${error.field}` });
        }
        throw error;
      });
      return { apiToken: toApiTokenType(created.info, ctx.principal.tokenId, now), secret: created.token };
    });
  }

  @Authorized("admin")
  @Mutation(() => RevokeApiTokenPayload, {
    description:
      "Revokes an API token (admin only, audited): requests with it are refused from now on. Revoking the caller's own token needs `confirmOwnToken`.",
  })
  revokeApiToken(
    @Ctx() ctx: Context,
    @Arg("input", () => RevokeApiTokenInput, {
      validate: false,
      description: "The token to revoke.",
    })
    input: RevokeApiTokenInput,
  ): Promise<RevokeApiTokenPayload> {
    return mutationPayload(input, async () => {
      const id = numberOf(input.id, "ApiToken", "input.id");
      if (id === ctx.principal.tokenId && input.confirmOwnToken !== true) {
        throw new AppError(
          "REVOKES_OWN_TOKEN",
          `token #${id} "${ctx.principal.name}" is the one you are signed in with: revoking it signs you out ` +
            "and every request with it is refused; send confirmOwnToken: true to revoke it anyway",
          { field: "input.id" },
        );
      }
      const done = await revokeToken(ctx.db, id, ctx.principal.name);
      if (!done) throw new AppError("NOT_FOUND", `no API token #${id}`, { field: "input.id" });
      // This server stops accepting it at once; other processes within their 5 s cache.
      ctx.services.tokens.forget(id);
      const apiToken: ApiTokenType = toApiTokenType(done.token, ctx.principal.tokenId, new Date());
      return { apiToken };
    });
  }
}
