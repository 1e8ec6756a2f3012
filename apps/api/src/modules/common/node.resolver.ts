import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { AppError } from "../../errors";
import { loadNode, Node } from "./node";

/** The most ids `nodes(ids:)` takes in one call. */
export const MAX_NODE_IDS = 250;

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: "The object with this global id (`gid://rfm/Segment/3`); null when there is none.",
  })
  node(
    @Arg("id", () => ID, { description: "A global id, as an object's `id` gives it." }) id: string,
    @Ctx() ctx: Context,
  ) {
    return loadNode(id, ctx);
  }

  @Query(() => [Node], {
    nullable: "items",
    description: `The objects with these global ids (at most ${MAX_NODE_IDS}), in the order asked; null for an id that names none.`,
  })
  nodes(
    @Arg("ids", () => [ID], {
      description: `The global ids to fetch (\`gid://rfm/Type/key\`), at most ${MAX_NODE_IDS}; the answer keeps their order.`,
    })
    ids: string[],
    @Ctx() ctx: Context,
  ) {
    if (ids.length > MAX_NODE_IDS) {
      throw new AppError("BAD_USER_INPUT", `ids holds ${ids.length} ids; at most ${MAX_NODE_IDS} per call`, {
        field: "ids",
      });
    }
    return Promise.all(ids.map((id) => loadNode(id, ctx)));
  }
}
