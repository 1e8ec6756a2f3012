/**
 * Relay connections for lists that grow (runs, exports, the audit log, mapping versions,
 * histories): `edges { cursor node }`, `pageInfo`, and `totalCount` where it is cheap. Make one
 * with `connectionOf`, and fill it with `toConnection` from a keyset page (cursor.ts).
 *
 *   const { Connection: ScoringRunConnection } = connectionOf(ScoringRunType, "ScoringRun");
 *   @ObjectType() export class ScoringRunConnection extends ... // (or use the class as returned)
 */
import { type ClassType, Field, Int, ObjectType } from "type-graphql";
import { PageInfo } from "./page.type";

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount?: number;
}

/**
 * The edge and connection types of `node`, named `<Name>Edge` and `<Name>Connection`.
 * `description` says what the list holds and in which order.
 */
export function connectionOf<T extends object>(
  node: ClassType<T>,
  name: string,
  description: string,
): { Edge: ClassType<Edge<T>>; Connection: ClassType<ConnectionShape<T>> } {
  @ObjectType(`${name}Edge`, {
    description: `An item of a ${name} list, with its cursor.`,
    simpleResolvers: true,
  })
  class EdgeType {
    @Field(() => String, {
      description: "Opaque cursor of this item: pass it as `after` for the items after it.",
    })
    cursor!: string;

    @Field(() => node, { description: `The ${name} at this position of the list.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description, simpleResolvers: true })
  class ConnectionType {
    @Field(() => [EdgeType], { description: "The items of this page, with their cursors." })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: "Whether there are more items, and the cursors to get them." })
    pageInfo!: PageInfo;

    @Field(() => Int, { nullable: true, description: "How many items the whole list holds." })
    totalCount?: number;
  }

  return { Edge: EdgeType, Connection: ConnectionType };
}

/**
 * A connection from one page read with one row more than asked (`first + 1`): the extra row
 * only says there is a next page. `cursorOf` gives a row's opaque cursor (encodeCursor).
 */
export function toConnection<T>(
  rows: readonly T[],
  first: number,
  after: string | null | undefined,
  cursorOf: (row: T) => string,
  totalCount?: number,
): ConnectionShape<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: after !== null && after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    ...(totalCount === undefined ? {} : { totalCount }),
  };
}
