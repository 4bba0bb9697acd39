/**
 * Polls until `check` holds (jobs and deliveries run asynchronously), failing after `timeoutMs`.
 * For waiting on the system's own work, never for timing it.
 */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
