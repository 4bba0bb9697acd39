import { Field, Int, ObjectType } from 'type-graphql';
import type { ClassType } from 'type-graphql';
import type { Page } from './page';

@ObjectType({ description: 'Where a page of a list ends and whether more follows.' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor!: string | null;
}

/** A Relay-style connection type for a node type (`first` is required and capped at 100). */
export function connectionOf<T extends object>(Node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => Node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Nodes on this page.' })
    count!: number;
  }
  return Connection;
}

/**
 * An edge whose cursor is written when it is read: most pages ask for `pageInfo.endCursor` only
 * (a partner's sync of 100 sessions wrote 100 keyset cursors it never sent, 1 % of its CPU).
 */
class LazyEdge<T> {
  constructor(
    readonly node: T,
    private readonly cursorOf: (node: T) => string,
  ) {}

  get cursor(): string {
    return this.cursorOf(this.node);
  }
}

const idCursor = (node: { id: string }) => Buffer.from(node.id).toString('base64url');

/** A page as a connection; a keyset page (`toKeysetPage`) brings its own cursors. */
export function toConnection<T extends { id: string }>(page: Page<T> & { cursorOf?: (node: T) => string }): { edges: { readonly cursor: string; readonly node: T }[]; pageInfo: PageInfo; count: number } {
  const cursorOf = page.cursorOf ?? idCursor;
  return {
    edges: page.nodes.map((node) => new LazyEdge(node, cursorOf)),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    count: page.nodes.length,
  };
}
