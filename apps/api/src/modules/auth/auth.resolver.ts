import { type AuthChecker, Ctx, Field, ObjectType, Query, Resolver, registerEnumType } from "type-graphql";
import { AppError } from "../../app-error";
import type { Context } from "../../context";
import { isRole, roleAllows } from "./token.service";

export enum RoleEnum {
  VIEWER = "VIEWER",
  EDITOR = "EDITOR",
  ADMIN = "ADMIN",
}

registerEnumType(RoleEnum, {
  name: "Role",
  description: "The role of an API token: what the holder may do.",
  valuesConfig: {
    VIEWER: { description: "Read every query; change nothing." },
    EDITOR: {
      description: "Read, edit the mapping draft, publish, manage profiles, backfill and export audiences.",
    },
    ADMIN: { description: "Everything: scoring runs, imports and tokens too." },
  },
});

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
}
