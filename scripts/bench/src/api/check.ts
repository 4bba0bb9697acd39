import { answerOf } from './in-process-client';
import type { BenchRequest } from './workloads';

/** One request of each kind must answer data without errors, or the figures mean nothing. */
export async function check(url: string, requests: readonly BenchRequest[], label: string): Promise<void> {
  const first = requests[0];
  if (!first) throw new Error(`${label}: no requests`);
  const text = await answerOf(url, first).catch((error: unknown) => {
    throw new Error(`${label}: ${error instanceof Error ? error.message : String(error)}`);
  });
  console.log(`${label}: one answer is ${text.length} bytes: ${text.slice(0, 300)}…`);
}
