export interface GraphQLResponse<Data = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: {
    data?: Data | null;
    errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
}

export interface GraphQLRequest {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
  readonly token?: string;
  readonly headers?: Record<string, string>;
}

/** POSTs one GraphQL operation to a running gateway, as any client would. */
export async function graphql<Data = Record<string, unknown>>(endpoint: string, request: GraphQLRequest): Promise<GraphQLResponse<Data>> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
      ...request.headers,
    },
    body: JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as GraphQLResponse<Data>['body']) : {} };
}
