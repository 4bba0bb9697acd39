import { Client } from 'pg';
import type { ClientConfig } from 'pg';
import { encodeArrayParameters } from './array-parameters';

/**
 * A pg Client class (extending `base`) that sends the statements issued in one turn of the event
 * loop to PostgreSQL in one write, without waiting for one answer before sending the next (pg's
 * pipeline mode, each statement still with its own Sync and so its own outcome).
 *
 * Why: on a machine like ours each write to PostgreSQL costs as much as a small statement (it
 * wakes the backend; `writev` was 16 % of the gateway's CPU on the case dashboard, at 13 writes a
 * request). A query's resolvers at one depth of the operation (a case's patient, team, notes,
 * sessions, PHQ-9s and follow-ups) ask within the same turn, so their statements now travel
 * together, and a request transaction's BEGIN travels with its first statement, its audit INSERT
 * with its COMMIT (request-transaction.ts).
 *
 * Order is kept: PostgreSQL runs the statements in the order they were issued on the client, and
 * inside a transaction a failed statement makes every later one fail, as before. `onWrite` is
 * called once per write (the statement counter's round trips).
 */
export function pipeliningClient(base: typeof Client = Client, onWrite?: () => void): typeof Client {
  class PipeliningClient extends base {
    private holding = false;

    constructor(config?: string | ClientConfig) {
      super(typeof config === 'string' ? { connectionString: config, pipeline: true } : { ...config, pipeline: true });
    }

    // pg's overloads are many; everything passes through unchanged.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(config: any, values?: any, callback?: any): any {
      this.holdWritesForThisTurn();
      // Array parameters are written here: uuid[] in binary, other bare elements as literals (array-parameters.ts).
      const sql = typeof config === 'string' ? config : undefined;
      // eslint-disable-next-line @typescript-eslint/no-unsafe-argument
      return super.query(config, Array.isArray(values) ? encodeArrayParameters(values, sql) : values, callback);
    }

    /**
     * Corks the socket until the turn's promise jobs and ticks have run (setImmediate), so what
     * they issue goes out in one write. Ending the connection uncorks it (Writable.end).
     */
    private holdWritesForThisTurn(): void {
      if (this.holding) return;
      const stream = this.connection.stream as { cork?: () => void; uncork?: () => void };
      if (!stream.cork || !stream.uncork) return;
      stream.cork();
      this.holding = true;
      setImmediate(() => {
        this.holding = false;
        stream.uncork?.();
        onWrite?.();
      });
    }
  }
  return PipeliningClient;
}
