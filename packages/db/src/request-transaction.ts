import type { EntityManager, QueryRunner } from 'typeorm';

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

/** What each shared transaction sends just before it commits (see atCommit). */
const commitTasks = new WeakMap<EntityManager, (() => Statement)[]>();

/**
 * Sends the statement `build` makes in the shared transaction `m` just before it commits, once
 * every other piece of the request's work in it has settled, in the same write as the COMMIT:
 * the audit trail gathers a request's reads and appends them in one statement instead of one per
 * resolver. If building or running it fails, the transaction rolls back and no answer is sent, as
 * for any failed statement in it. `m` must be shared (isSharedRead); elsewhere the caller runs
 * the statement itself.
 */
export function atCommit(m: EntityManager, build: () => Statement): void {
  const tasks = commitTasks.get(m);
  if (!tasks) throw new Error('atCommit needs a shared request transaction');
  tasks.push(build);
}

/** The statements queued with atCommit, built in order; undefined when building one failed. */
function commitStatements(m: EntityManager): Statement[] | undefined {
  try {
    return (commitTasks.get(m)?.splice(0) ?? []).map((build) => build());
  } catch {
    return undefined;
  }
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

interface OpenTransaction {
  readonly scopeKey: string;
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

  constructor(private readonly failed: (runner: QueryRunner) => boolean) {}

  /**
   * Runs fn in the shared transaction (opened with `begin` by the first call), or answers
   * undefined when it must open one of its own: sharing stopped, or another scope holds it.
   */
  run<T>(scopeKey: string, begin: () => Promise<QueryRunner>, fn: (manager: EntityManager) => Promise<T>): Promise<T> | undefined {
    if (!this.sharing) return undefined;
    this.open ??= { scopeKey, runner: begin().then(shared) };
    if (this.open.scopeKey !== scopeKey) return undefined;
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
   * it is sent. Before committing it runs the tasks queued with atCommit.
   */
  async end(commit: boolean): Promise<void> {
    this.sharing = false;
    const open = this.open;
    this.open = undefined;
    if (!open) return;
    await Promise.allSettled([...this.running]);
    const runner = await open.runner.catch(() => undefined);
    if (!runner) return;
    const statements = commit && !this.failed(runner) ? commitStatements(runner.manager) : undefined;
    remembered.delete(runner.manager);
    commitTasks.delete(runner.manager);
    let committed = false;
    try {
      if (statements) committed = await sendAndCommit(runner, statements);
      else await runner.query('ROLLBACK');
    } finally {
      await runner.release();
    }
    // Not committed: a statement failed before the end, building or sending one failed, or COMMIT did.
    if (commit && !committed) throw new RequestTransactionFailedError();
  }
}

/**
 * Prepares a runner for sharing: its reads are remembered (readOnce). Sibling resolvers send
 * their statements concurrently; the client pipelines them (pipelining-client.ts).
 */
function shared(runner: QueryRunner): QueryRunner {
  remembered.set(runner.manager, new Map());
  commitTasks.set(runner.manager, []);
  return runner;
}
