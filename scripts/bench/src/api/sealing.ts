import { sealAll } from '@tandem/audit';
import { systemClock } from '@tandem/core';
import type { Database } from '@tandem/db';

/**
 * How long the benchmark's sealer waits between runs during Tandem's turns. The worker's schedule
 * (AUDIT_SEAL, every 5 s) is longer than a turn, so its work would fall between turns, out of the
 * throughput. Until 2026-12-02 evening it waited a second after each run, which under load took
 * about as long again: what the turn's last two seconds or so appended was sealed after the turn,
 * out of the throughput, about half of a 3 s turn's sealing on the partner sync. A run seals a
 * thousand events per statement whenever it runs, so running more often costs little more.
 */
const PAUSE_MS = 100;

/**
 * Runs `fn` while the audit sealer chains the events Tandem's requests append (docs/audit.md, "The
 * chain and the sealer"), as the worker does beside the gateway in production: hashing in this
 * process, the seals' INSERT and the queue's DELETE in PostgreSQL take the same machine as the requests, so the
 * throughput pays for them. `sealer` is a pool of its own, as the worker's is, so the gateway's
 * statement count stays its own. What the end of a turn left is sealed by `sealEverything`; `onSealed`
 * hears how many events each run sealed.
 */
export async function whileSealing<T>(sealer: Database, fn: () => Promise<T>, onSealed: (events: number) => void = () => {}): Promise<T> {
  let sealing = true;
  let wake = () => {};
  const loop = (async () => {
    while (sealing) {
      onSealed(await sealAll(sealer, systemClock));
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, PAUSE_MS);
      });
    }
  })();
  try {
    return await fn();
  } finally {
    sealing = false;
    wake();
    await loop;
  }
}

/**
 * Seals every event still unsealed, however many (one `sealAll` stops at 20 batches a clinic): the
 * seed's events before any row, and what a turn left (takeTurns' `afterTurn`). How many it sealed.
 */
export async function sealEverything(sealer: Database): Promise<number> {
  let sealed = 0;
  for (;;) {
    const batch = await sealAll(sealer, systemClock);
    if (batch === 0) return sealed;
    sealed += batch;
  }
}
