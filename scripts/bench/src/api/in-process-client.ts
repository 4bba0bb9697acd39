import type { BenchRequest } from './workloads';

/** Requests at a time from the in-process client: enough to overlap, few enough to leave the machine quiet. */
export const CONCURRENCY = 4;

/** One request, answered without errors (GraphQL errors come back as HTTP 200), or it throws. */
export async function send(url: string, request: BenchRequest): Promise<void> {
  const headers = { 'content-type': 'application/json', ...request.headers, ...(request.authorization ? { authorization: request.authorization } : {}) };
  const response = await fetch(url, { method: 'POST', headers, body: request.body });
  const body = (await response.json()) as { errors?: unknown[] };
  if (!response.ok || body.errors?.length) throw new Error(`request failed: ${JSON.stringify(body).slice(0, 500)}`);
}

/** `count` requests, rotating over `requests`, CONCURRENCY at a time. */
export async function run(url: string, requests: readonly BenchRequest[], count: number): Promise<void> {
  let next = 0;
  const loop = async () => {
    while (next < count) await send(url, requests[next++ % requests.length]);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
}

/** Whether a profile's frame is the in-process client's (fetch, or this module), not a server's. */
export const isClientFrame = (url: string): boolean => url.includes('undici') || url.endsWith('/in-process-client.js');
