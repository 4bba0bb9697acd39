import type { BenchRequest } from './workloads';

/** One request of each kind must answer data without errors, or the figures mean nothing. */
export async function check(url: string, requests: readonly BenchRequest[], label: string): Promise<void> {
  const first = requests[0];
  if (!first) throw new Error(`${label}: no requests`);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(first.authorization ? { authorization: first.authorization } : {}), ...first.headers }, body: first.body });
  const text = await response.text();
  const body = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
  if (!response.ok || body.errors?.length || !body.data) throw new Error(`${label}: ${text.slice(0, 1000)}`);
  console.log(`${label}: one answer is ${text.length} bytes: ${text.slice(0, 300)}…`);
}
