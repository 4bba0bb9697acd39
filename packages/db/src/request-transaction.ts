import type { EntityManager, QueryRunner } from 'typeorm';
import type { CommitGroup, GroupCommits } from './group-commit';

/** The shared transaction could not commit: a statement in it failed, so nothing of it stands. */
export class RequestTransactionFailedError extends Error {
  constructor() {
    super('A statement in the request transaction failed; it was rolled back');
    this.name = 'RequestTransactionFailedError';
  }
}

/** Reads remembered per shared transaction (see readOnce); only shared managers have an entry. */
const remembered = new WeakMap<EntityManager, Map<string, Promise<unknown>>>();

/**
 * Runs `read` once per key within a query's shared transaction: the case row that `case`,
 * `caseNotes` and `caseFollowUps` each authorise against is read once per request. Anywhere
 * else (a mutation's transaction, the worker) it reads every time, since a write in between may
 * have changed the row.
 */
export function readOnce<T>(m: EntityManager, key: string, read: () => Promise<T>): Promise<T> {
  const reads = remembered.get(m);
  if (!reads) return read();
  const known = reads.get(key) as Promise<T> | undefined;
  if (known) return known;
  const reading = read();
  reads.set(key, reading);
  return reading;
}

/** Whether `m` is a query's shared transaction, which reads and audits but changes no record. */
export function isSharedRead(m: EntityManager): boolean {
  return remembered.has(m);
}

/** A statement's text and parameters, built now and sent later (atCommit). */
export interface Statement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/** What a shared transaction appends as it ends (see gatheredAtCommit). */
interface Append {
  readonly group: CommitGroup<unknown>;
  readonly item: unknown;
}

const appends = new WeakMap<EntityManager, Append>();

/**
 * The item the shared transaction `m` appends through `group` as it ends (made by `create` on the
 * first call, the same item after), once every other piece of the request's work in it has
 * settled: the audit trail gathers a request's reads into it and appends them in one statement
 * instead of one per resolver. The statement goes in the same write as the COMMIT, either in this
 * transaction (for itself and, under load, for other requests of the tenant: group-commit.ts) or
 * in another request's; the answer waits until it has committed, and if it cannot, no answer is
 * sent. `m` must be shared (isSharedRead) and appends through one group; elsewhere the caller
 * runs the statement itself.
 */
export function gatheredAtCommit<T>(m: EntityManager, group: CommitGroup<T>, create: () => T): T {
  if (!remembered.has(m)) throw new Error('gatheredAtCommit needs a shared request transaction');
  const known = appends.get(m);
  if (known && known.group !== group) throw new Error('gatheredAtCommit: a shared request transaction appends through one group');
  if (known) return known.item as T;
  const item = create();
  appends.set(m, { group: group as CommitGroup<unknown>, item });
  return item;
}

/**
 * Sends the statements and COMMIT without waiting between them: each runner.query call passes
 * the same awaits before reaching pg, so pg sends them in call order, and in one write
 * (pipelining-client.ts). If a statement fails, PostgreSQL turns the COMMIT into a rollback;
 * false then.
 */
async function sendAndCommit(runner: QueryRunner, statements: readonly Statement[]): Promise<boolean> {
  const sent = statements.map((statement) => runner.query(statement.sql, [...statement.parameters]));
  const outcomes = await Promise.allSettled([...sent, runner.query('COMMIT')]);
  return outcomes.every((outcome) => outcome.status === 'fulfilled');
}

/** What a RequestTransaction needs of its database. */
export interface RequestTransactionDeps {
  /** Whether a statement on the runner failed. */
  readonly failed: (runner: QueryRunner) => boolean;
  readonly groups: GroupCommits;
  /** Runs a statement in a transaction of the tenant's own. */
  readonly alone: (tenantId: string, statement: Statement) => Promise<void>;
}

interface OpenTransaction {
  /** The scope it was opened for: its tenant and user. */
  readonly tenantId: string;
  readonly userId: string;
  readonly runner: Promise<QueryRunner>;
}

/**
 * One request's shared transaction. Reading a case dashboard touches a dozen resolvers and
 * loaders; each used to open its own transaction (pool checkout, BEGIN, the tenant setting, its
 * query, COMMIT). Inside a request, the first `withTenant` opens one transaction for the request's
 * tenant and user and every later one with the same scope runs in it, so the request pays for
 * the transaction once. Reads audited in it commit with it, before the answer is sent.
 *
 * Sharing is for reads. A mutation calls `stopSharing()` before it executes, so each of its
 * writes keeps a transaction of its own that rolls back alone. A call for another scope (or
 * `asSystem`) never shares.
 */
export class RequestTransaction {
  private open: OpenTransaction | undefined;
  private sharing = true;
  /** Work running in the shared transaction; it ends only after them. */
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly deps: RequestTransactionDeps) {}

  /**
   * Runs fn in the shared transaction (opened with `begin` by the first call), or answers
   * undefined when it must open one of its own: sharing stopped, or another scope holds it.
   */
  run<T>(tenantId: string, userId: string, begin: () => Promise<QueryRunner>, fn: (manager: EntityManager) => Promise<T>): Promise<T> | undefined {
    if (!this.sharing) return undefined;
    this.open ??= { tenantId, userId, runner: begin().then(shared) };
    if (this.open.tenantId !== tenantId || this.open.userId !== userId) return undefined;
    const work = this.open.runner.then((runner) => fn(runner.manager));
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** From now on every call runs on its own; what ran shared so far commits now. */
  async stopSharing(): Promise<void> {
    await this.end(true);
  }

  /**
   * Ends the shared transaction (idempotent) once the work in it has settled: graphql-js answers
   * as soon as a non-null field fails, while its siblings may still be reading. Commits, or rolls
   * back when asked to or when any statement in it failed (PostgreSQL would turn the COMMIT into
   * a ROLLBACK anyway), and then throws RequestTransactionFailedError so that no answer built on
   * it is sent. What was gathered with gatheredAtCommit is appended as it commits (group-commit.ts).
   */
  async end(commit: boolean): Promise<void> {
    this.sharing = false;
    const open = this.open;
    this.open = undefined;
    if (!open) return;
    await Promise.allSettled([...this.running]);
    const runner = await open.runner.catch(() => undefined);
    if (!runner) return;
    const append = appends.get(runner.manager);
    remembered.delete(runner.manager);
    appends.delete(runner.manager);
    const commitWith = once(runner);
    if (!commit || this.deps.failed(runner)) {
      await commitWith.rollback();
      if (commit) throw new RequestTransactionFailedError();
      return;
    }
    try {
      if (!append) {
        if (!(await commitWith.commit([]))) throw new RequestTransactionFailedError();
        return;
      }
      await this.deps.groups.append(append.group, open.tenantId, append.item, commitWith.commit, (statement) => this.deps.alone(open.tenantId, statement));
    } catch {
      throw new RequestTransactionFailedError();
    } finally {
      await commitWith.finish();
    }
  }
}

/**
 * The runner's ending, each step once: COMMIT (with statements before it) or ROLLBACK, then its
 * release, which frees the connection as soon as the transaction has ended, not when the request
 * does (a request carried by another waits for that one's commit without holding a connection).
 */
function once(runner: QueryRunner) {
  let ended = false;
  let released: Promise<void> | undefined;
  const release = () => (released ??= runner.release());
  const ending = async <T>(end: () => Promise<T>) => {
    ended = true;
    try {
      return await end();
    } finally {
      await release();
    }
  };
  return {
    commit: (statements: readonly Statement[]) => ending(() => sendAndCommit(runner, statements)),
    rollback: () => ending(() => runner.query('ROLLBACK')),
    /** Releases the runner, rolling back first if nothing ended its transaction (no connection goes back mid-transaction). */
    finish: async () => {
      if (!ended) await ending(() => runner.query('ROLLBACK')).catch(() => undefined);
      await release();
    },
  };
}

/**
 * Prepares a runner for sharing: its reads are remembered (readOnce). Sibling resolvers send
 * their statements concurrently; the client pipelines them (pipelining-client.ts).
 */
function shared(runner: QueryRunner): QueryRunner {
  remembered.set(runner.manager, new Map());
  return runner;
}
