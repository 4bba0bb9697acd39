import type { BenchRequest } from './workloads';

/** Requests at a time from the in-process client: enough to overlap, few enough to leave the machine quiet. */
export const CONCURRENCY = 4;

/**
 * One request's answer as text; it throws, quoting the answer, unless the answer is data without
 * errors (GraphQL errors come back as HTTP 200).
 */
export async function answerOf(url: string, request: BenchRequest): Promise<string> {
  const headers = { 'content-type': 'application/json', ...request.headers, ...(request.authorization ? { authorization: request.authorization } : {}) };
  const response = await fetch(url, { method: 'POST', headers, body: request.body });
  const text = await response.text();
  const body = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
  if (!response.ok || body.errors?.length || !body.data) throw new Error(`request failed: ${text.slice(0, 1000)}`);
  return text;
}

/** `count` requests, rotating over `requests`, CONCURRENCY at a time. */
export async function run(url: string, requests: readonly BenchRequest[], count: number): Promise<void> {
  let next = 0;
  const loop = async () => {
    while (next < count) await answerOf(url, requests[next++ % requests.length]);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
}

/** Whether a profile's frame is the in-process client's (fetch, or this module), not a server's. */
export const isClientFrame = (url: string): boolean => url.includes('undici') || url.endsWith('/in-process-client.js');
