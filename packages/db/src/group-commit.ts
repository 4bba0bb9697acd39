import type { Statement } from './request-transaction';

/** The request's items could not be committed; nothing of them stands. */
export class GroupCommitFailedError extends Error {
  constructor() {
    super('The request transaction could not append what it gathered');
    this.name = 'GroupCommitFailedError';
  }
}

/** Sends the statements and COMMIT on a request's open transaction and frees it; true when it committed. */
export type CommitWith = (statements: readonly Statement[]) => Promise<boolean>;

/** Runs the statement in a transaction of its own for the tenant; rejects when it did not commit. */
export type AppendAlone = (statement: Statement) => Promise<void>;

/**
 * What read-only requests append as they end (the audit trail's read events), and how the appends
 * of several requests of one tenant become one statement (`statementFor`). A shared request
 * transaction appends to at most one group (gatheredAtCommit, request-transaction.ts).
 */
export class CommitGroup<T> {
  /**
   * @param statementFor one statement appending every item given, all of one tenant
   * @param maxCarried how many requests one transaction carries at most; the next append alone
   */
  constructor(
    readonly statementFor: (items: readonly T[]) => Statement,
    readonly maxCarried = 32,
  ) {}
}

/** The next carrier: the transaction that will append for itself and its followers. */
interface Carried<T> {
  readonly items: T[];
  readonly followers: ((carried: boolean) => void)[];
}

/** One tenant's line of requests waiting to append in a group. */
interface Line<T> {
  /** The carrier's commit in flight, if any; it never rejects. */
  committing: Promise<void> | undefined;
  next: Carried<T> | undefined;
}

/**
 * Group commit for read audits. Appending makes a read's transaction a write: a transaction id,
 * WAL, the commit's flush and the sealing queue's trigger, about 0.6 ms of machine CPU before the
 * first row (docs/performance.md, "What a durable read audit costs at least"). Requests of one
 * tenant ending while another's commit is in flight share the next one instead:
 *
 * - no commit in flight: the request appends in its own transaction, as it always did;
 * - one in flight: the first request to end keeps its transaction open and becomes the next
 *   carrier; the ones after it commit their own (read-only) transactions at once, freeing their
 *   connections, and hand their items to that carrier;
 * - when the commit in flight ends, the carrier appends every item handed to it in one statement
 *   in its own transaction and commits.
 *
 * Every request still answers only after its items have committed. If the carrier's statement
 * fails, each request it carried (the carrier too) appends its own items alone, so one request's
 * bad item never withholds another's answer. At most two transactions per tenant are held open
 * for it: the one committing and the next carrier, which is read-only until it appends.
 */
export class GroupCommits {
  /**
   * Requests that appended, by how (metrics: tandem_audit_read_appends_total): in their own
   * transaction for themselves only (`own`), carrying others (`carrier`), carried by another
   * (`carried`), alone after a carrier's statement failed (`alone`), or in their own transaction
   * because the next carrier was full (`full`).
   */
  readonly counts = { own: 0, carrier: 0, carried: 0, alone: 0, full: 0 };

  private readonly lines = new WeakMap<CommitGroup<never>, Map<string, Line<unknown>>>();

  /**
   * Appends `item` for a request of `tenantId` whose read transaction is still open (`commitWith`
   * ends it) and resolves once the item is committed; rejects, with nothing of it committed, when
   * it could not be. The caller has checked that nothing in the transaction failed.
   */
  async append<T>(group: CommitGroup<T>, tenantId: string, item: T, commitWith: CommitWith, alone: AppendAlone): Promise<void> {
    const line = this.lineOf(group, tenantId);
    if (!line.committing) {
      this.counts.own += 1;
      return this.carry(group, line, { items: [item], followers: [] }, commitWith, alone);
    }
    if (!line.next) {
      const next: Carried<T> = { items: [item], followers: [] };
      line.next = next;
      await line.committing;
      line.next = undefined;
      // Waited for the commit in flight; if no one handed it anything, it appends for itself only.
      if (next.items.length > 1) this.counts.carrier += 1;
      else this.counts.own += 1;
      return this.carry(group, line, next, commitWith, alone);
    }
    if (line.next.items.length >= group.maxCarried) {
      this.counts.full += 1;
      return this.appendIn(group, [item], commitWith);
    }
    this.counts.carried += 1;
    return this.follow(group, line.next, item, commitWith, alone);
  }

  /** Appends the items in the carrier's transaction; the line's next carrier waits for it. */
  private async carry<T>(group: CommitGroup<T>, line: Line<T>, carried: Carried<T>, commitWith: CommitWith, alone: AppendAlone): Promise<void> {
    const own = carried.items[0];
    const outcome = this.commitItems(group, carried.items, commitWith).then((committed) => {
      for (const settle of carried.followers) settle(committed);
      return committed;
    });
    const committing = outcome.then(() => undefined);
    line.committing = committing;
    void committing.then(() => {
      if (line.committing === committing) line.committing = undefined;
    });
    if (await outcome) return;
    // Alone, its failure was its own; carrying others, it may have been theirs.
    if (carried.items.length === 1) throw new GroupCommitFailedError();
    await this.retryAlone(group, own, alone);
  }

  /** Hands the item to the next carrier, ends this request's read transaction and waits for the carrier. */
  private async follow<T>(group: CommitGroup<T>, next: Carried<T>, item: T, commitWith: CommitWith, alone: AppendAlone): Promise<void> {
    // Handed over before this transaction ends, as the carrier may start at any await. Should
    // this read-only COMMIT fail (the connection lost), the request is refused while the carrier
    // may still record its read: a read recorded and not answered, never the reverse.
    const carried = new Promise<boolean>((settle) => next.followers.push(settle));
    next.items.push(item);
    if (!(await commitWith([]))) throw new GroupCommitFailedError();
    if (await carried) return;
    await this.retryAlone(group, item, alone);
  }

  /** Appends one request's item in a transaction of its own, after the carrier's statement failed. */
  private async retryAlone<T>(group: CommitGroup<T>, item: T, alone: AppendAlone): Promise<void> {
    this.counts.alone += 1;
    await alone(group.statementFor([item]));
  }

  /** Appends the items in the request's own transaction, as without a group. */
  private async appendIn<T>(group: CommitGroup<T>, items: readonly T[], commitWith: CommitWith): Promise<void> {
    if (!(await this.commitItems(group, items, commitWith))) throw new GroupCommitFailedError();
  }

  /** The items' statement and COMMIT in the request's transaction; false when it did not commit. */
  private async commitItems<T>(group: CommitGroup<T>, items: readonly T[], commitWith: CommitWith): Promise<boolean> {
    let statement: Statement;
    try {
      statement = group.statementFor(items);
    } catch {
      // An item it cannot be built of: the transaction ends with nothing appended, each retries alone.
      await commitWith([]).catch(() => false);
      return false;
    }
    return commitWith([statement]).catch(() => false);
  }

  private lineOf<T>(group: CommitGroup<T>, tenantId: string): Line<T> {
    const key = group as unknown as CommitGroup<never>;
    let lines = this.lines.get(key);
    if (!lines) this.lines.set(key, (lines = new Map<string, Line<unknown>>()));
    let line = lines.get(tenantId);
    if (!line) lines.set(tenantId, (line = { committing: undefined, next: undefined }));
    return line as Line<T>;
  }
}
