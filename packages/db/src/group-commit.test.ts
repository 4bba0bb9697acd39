import { CommitGroup, GroupCommitFailedError, GroupCommits } from './group-commit';
import type { Statement } from './request-transaction';

/**
 * The line's rules, with each request's transaction played by a function that records what it
 * was asked to send and answers when the test says so. The real transactions, PostgreSQL's
 * constraint and RLS are in services/gateway/test/audit-group-commit.int.test.ts.
 */

/** A request's transaction: what it sent with its COMMIT, and a COMMIT the test completes. */
class Transaction {
  readonly sent: (readonly Statement[])[] = [];
  private answer: ((committed: boolean) => void) | undefined;
  private readonly queued: boolean[] = [];

  readonly commitWith = (statements: readonly Statement[]): Promise<boolean> => {
    this.sent.push(statements);
    const next = this.queued.shift();
    if (next !== undefined) return Promise.resolve(next);
    return new Promise((resolve) => (this.answer = resolve));
  };

  /** Completes the COMMIT in flight (or the next one, at once). */
  commit(committed = true): void {
    if (!this.answer) {
      this.queued.push(committed);
      return;
    }
    const answer = this.answer;
    this.answer = undefined;
    answer(committed);
  }

  /** The item names each statement this transaction sent carried. */
  get carried(): string[][] {
    return this.sent.map((statements) => statements.map((statement) => statement.sql));
  }
}

/** Items are names; a statement's text lists them; a name starting with "bad" cannot be built into one. */
const group = (maxCarried?: number) =>
  new CommitGroup<string>((items) => {
    if (items.some((item) => item.startsWith('bad'))) throw new Error('cannot build');
    return { sql: items.join('+'), parameters: [] };
  }, maxCarried);

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommits', () => {
  let commits: GroupCommits;
  let aloneSent: string[];
  const alone = (statement: Statement) => {
    aloneSent.push(statement.sql);
    return statement.sql.includes('refused') ? Promise.reject(new Error('refused')) : Promise.resolve();
  };

  beforeEach(() => {
    commits = new GroupCommits();
    aloneSent = [];
  });

  it('appends in the request\'s own transaction when nothing of its tenant is committing', async () => {
    const t = new Transaction();
    t.commit();
    await commits.append(group(), 'tenant-a', 'a1', t.commitWith, alone);
    expect(t.carried).toEqual([['a1']]);
    expect(commits.counts).toEqual({ own: 1, carrier: 0, carried: 0, alone: 0, full: 0 });
  });

  it('makes the first to end during a commit the next carrier, and the later ones commit read-only and wait for it', async () => {
    const g = group();
    const [first, carrier, second, third] = [new Transaction(), new Transaction(), new Transaction(), new Transaction()];
    const ended: string[] = [];
    const end = (name: string, t: Transaction) => commits.append(g, 'tenant-a', name, t.commitWith, alone).then(() => ended.push(name));
    const all = [end('a1', first), end('a2', carrier), end('a3', second), end('a4', third)];
    await settle();
    // The carried have committed their own transactions with nothing in them; the carrier has sent nothing yet.
    expect([first.carried, carrier.carried, second.carried, third.carried]).toEqual([[['a1']], [], [[]], [[]]]);
    second.commit();
    third.commit();
    await settle();
    expect(ended).toEqual([]);
    first.commit();
    await settle();
    expect(ended).toEqual(['a1']);
    expect(carrier.carried).toEqual([['a2+a3+a4']]);
    carrier.commit();
    await Promise.all(all);
    expect(ended.slice(1).sort()).toEqual(['a2', 'a3', 'a4']);
    expect(commits.counts).toEqual({ own: 1, carrier: 1, carried: 2, alone: 0, full: 0 });
  });

  it('keeps one line per tenant: a commit of one tenant makes no request of another wait', async () => {
    const g = group();
    const [a, b] = [new Transaction(), new Transaction()];
    const endedA = commits.append(g, 'tenant-a', 'a1', a.commitWith, alone);
    b.commit();
    await commits.append(g, 'tenant-b', 'b1', b.commitWith, alone);
    expect(b.carried).toEqual([['b1']]);
    a.commit();
    await endedA;
  });

  it('appends in its own transaction a request that finds the next carrier full', async () => {
    const g = group(2);
    const [first, carrier, carried, full] = [new Transaction(), new Transaction(), new Transaction(), new Transaction()];
    const ending = [
      commits.append(g, 't', 'a1', first.commitWith, alone),
      commits.append(g, 't', 'a2', carrier.commitWith, alone),
      commits.append(g, 't', 'a3', carried.commitWith, alone),
    ];
    full.commit();
    await commits.append(g, 't', 'a4', full.commitWith, alone);
    expect(full.carried).toEqual([['a4']]);
    carried.commit();
    first.commit();
    await settle();
    expect(carrier.carried).toEqual([['a2+a3']]);
    carrier.commit();
    await Promise.all(ending);
    expect(commits.counts.full).toBe(1);
  });

  it('has every request a failed carrier carried append alone; only the one whose item fails again is refused', async () => {
    const g = group();
    const [first, carrier, refused, carried] = [new Transaction(), new Transaction(), new Transaction(), new Transaction()];
    const outcome = (name: string, t: Transaction) =>
      commits.append(g, 't', name, t.commitWith, alone).then(
        () => 'answered',
        (error: unknown) => (error instanceof GroupCommitFailedError || (error as Error).message === 'refused' ? 'withheld' : error),
      );
    const ending = [outcome('a1', first), outcome('a2', carrier), outcome('refused', refused), outcome('a4', carried)];
    refused.commit();
    carried.commit();
    first.commit();
    await settle();
    expect(carrier.carried).toEqual([['a2+refused+a4']]);
    carrier.commit(false);
    expect(await Promise.all(ending)).toEqual(['answered', 'answered', 'withheld', 'answered']);
    expect(aloneSent.sort()).toEqual(['a2', 'a4', 'refused']);
    expect(commits.counts.alone).toBe(3);
  });

  it('ends the carrier\'s transaction with nothing appended when the items cannot make one statement, and each tries alone', async () => {
    const g = group();
    const [first, carrier, bad] = [new Transaction(), new Transaction(), new Transaction()];
    const ending = [commits.append(g, 't', 'a1', first.commitWith, alone), commits.append(g, 't', 'a2', carrier.commitWith, alone), commits.append(g, 't', 'bad', bad.commitWith, alone)];
    bad.commit();
    carrier.commit();
    first.commit();
    const [a1, a2, badOutcome] = await Promise.allSettled(ending);
    expect([a1?.status, a2?.status, badOutcome?.status]).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    // The carrier committed its own transaction empty; a2 was then appended alone, and 'bad' could not be built.
    expect(carrier.carried).toEqual([[]]);
    expect(aloneSent).toEqual(['a2']);
  });

  it('refuses, without retrying, a request that appended only for itself and failed', async () => {
    const t = new Transaction();
    t.commit(false);
    await expect(commits.append(group(), 't', 'a1', t.commitWith, alone)).rejects.toBeInstanceOf(GroupCommitFailedError);
    expect(aloneSent).toEqual([]);
  });

  it('refuses a carried request whose own read-only COMMIT fails, while its carrier still appends its item', async () => {
    const g = group();
    const [first, carrier, lost] = [new Transaction(), new Transaction(), new Transaction()];
    const ending = [commits.append(g, 't', 'a1', first.commitWith, alone), commits.append(g, 't', 'a2', carrier.commitWith, alone)];
    lost.commit(false);
    await expect(commits.append(g, 't', 'a3', lost.commitWith, alone)).rejects.toBeInstanceOf(GroupCommitFailedError);
    first.commit();
    await settle();
    // A read recorded and not answered, never the reverse (docs/audit.md).
    expect(carrier.carried).toEqual([['a2+a3']]);
    carrier.commit();
    await Promise.all(ending);
  });
});
