/**
 * Global object identification (the Relay `Node` interface, as GitHub's and Shopify's APIs have
 * it): every object a client may want to fetch again has an `id` that is unique across types,
 * opaque to clients and stable, and `node(id:)` returns it. Ids read `gid://rfm/<Type>/<key>`
 * (Shopify's form): the type, then the object's own key (a segment's number, a customer's store
 * id, URI-encoded).
 *
 * A module makes its type a node by implementing `Node` (`@ObjectType({ implements: Node })`),
 * giving objects `id: globalId("Type", key)`, and registering how to load one by key
 * (`registerNodeType`) in its resolver file.
 */
import { Field, ID, InterfaceType } from "type-graphql";
import type { Context } from "../../context";

const PREFIX = "gid://rfm/";

export function globalId(type: string, key: string | number): string {
  return `${PREFIX}${type}/${encodeURIComponent(String(key))}`;
}

/** The type and key of a global id; null when `id` is not one. */
export function parseGlobalId(id: string): { type: string; key: string } | null {
  if (!id.startsWith(PREFIX)) return null;
  const rest = id.slice(PREFIX.length);
  const slash = rest.indexOf("/");
  if (slash <= 0 || slash === rest.length - 1) return null;
  try {
    return { type: rest.slice(0, slash), key: decodeURIComponent(rest.slice(slash + 1)) };
  } catch {
    return null;
  }
}

/** How to load an object of one node type by its key; null when there is none. */
export type NodeLoader = (key: string, ctx: Context) => Promise<object | null>;

const loaders = new Map<string, NodeLoader>();

/** Makes objects of `type` loadable by `node(id:)`. Called once per type, where the type's resolver is. */
export function registerNodeType(type: string, load: NodeLoader): void {
  loaders.set(type, load);
}

/** The object with a global id, or null when the id names no object (or no type we know). */
export async function loadNode(id: string, ctx: Context): Promise<object | null> {
  const parsed = parseGlobalId(id);
  if (parsed === null) return null;
  const load = loaders.get(parsed.type);
  return load ? load(parsed.key, ctx) : null;
}

@InterfaceType({
  description: "An object with a global id: fetch it again with `node(id:)`.",
  resolveType: (value: { id?: unknown }) =>
    typeof value.id === "string" ? (parseGlobalId(value.id)?.type ?? undefined) : undefined,
})
export abstract class Node {
  @Field(() => ID, {
    description: "Global id, unique across types and stable (`gid://rfm/Segment/3`): pass it to `node(id:)`.",
  })
  id!: string;
}
