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

/** A page as a connection; a keyset page (`toKeysetPage`) brings its own cursors. */
export function toConnection<T extends { id: string }>(page: Page<T> & { cursorOf?: (node: T) => string }): { edges: { cursor: string; node: T }[]; pageInfo: PageInfo; count: number } {
  const cursorOf = page.cursorOf ?? ((node: T) => Buffer.from(node.id).toString('base64url'));
  return {
    edges: page.nodes.map((node) => ({ cursor: cursorOf(node), node })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    count: page.nodes.length,
  };
}
