import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

export interface PartnerClient {
  /** Runs one typed operation; GraphQL errors are thrown with their codes. */
  request<Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data>;
}

export class PartnerApiError extends Error {
  constructor(readonly errors: readonly { message: string; extensions?: { code?: string } }[]) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
  }
}

/** A partner's client: plain fetch, a `tdmk_` key as the bearer token, typed by the generated documents. */
export function partnerClient(url: string, apiKey: string): PartnerClient {
  return {
    async request<Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data> {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ query: print(document), variables }),
      });
      const body = (await response.json()) as { data?: Data; errors?: { message: string; extensions?: { code?: string } }[] };
      if (body.errors?.length) throw new PartnerApiError(body.errors);
      if (!body.data) throw new Error(`No data (HTTP ${response.status})`);
      return body.data;
    },
  };
}

/** Every node of a connection, page after page. */
export async function allPages<Node>(fetchPage: (after: string | null) => Promise<{ edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } }>): Promise<Node[]> {
  const nodes: Node[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await fetchPage(after);
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return nodes;
    after = page.pageInfo.endCursor;
  }
}
