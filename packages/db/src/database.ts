import { UnauthenticatedError, isUuid } from '@tandem/core';
import type { ClientInfo, Clock, Logger, Principal } from '@tandem/core';
import { escapeLiteral } from 'pg';
import { requestSettings } from './request-settings';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { createDataSource } from './data-source';
import type { DataSourceOptions } from './data-source';
import { GroupCommits } from './group-commit';
import { RequestTransaction } from './request-transaction';
import { ROLES } from './roles';
import { LEAKPROOF_FUNCTIONS, UNMARKED_LEAKPROOF_SQL } from './leakproof';
import { StatementCounter } from './statement-counter';

/**
 * What withTenant needs to know of a request: the tenant its verified principal acts for and,
 * for a signed-in person, the user (global user rows are visible to their owner).
 */
export interface TenantScope {
  readonly tenantId: string | null;
  readonly userId?: string | null;
  /** Who acts and from where (a RequestContext has them): what the write-audit triggers record. */
  readonly principal?: Principal;
  readonly requestId?: string;
  readonly client?: ClientInfo;
  readonly clock?: Clock;
  /**
   * The request transaction this work belongs to (`Database.openRequest`); a RequestContext carries
   * its request's. Without one, withTenant opens a transaction of its own.
   */
  readonly requestTransaction?: unknown;
}

/**
 * Every reason the code may cross tenants. Adding one is a reviewed change to this file, and
 * every use is a grep for `asSystem(` away.
 */
export type SystemReason = 'tenant-provisioning' | 'sign-in' | 'tenant-switch' | 'invitation-acceptance' | 'outbox-relay' | 'care-rule-sweep' | 'credential-sweep' | 'test-fixture' | 'benchmark' | 'audit-seal' | 'operations-metrics';

interface RoleFacts {
  name: string;
  superuser: boolean;
  bypassrls: boolean;
  owns_tables: boolean;
}

export class UnsafeRuntimeRoleError extends Error {
  constructor(role: string, why: string) {
    super(`Refusing to serve requests as database role "${role}": it ${why}. Use the tandem_app runtime role (DATABASE_RUNTIME_URL).`);
    this.name = 'UnsafeRuntimeRoleError';
  }
}

/**
 * The runtime database: the only way request code reaches PostgreSQL. Every access is a
 * transaction that first sets the transaction-local tenant, so row-level security scopes every
 * statement, including one that forgets its tenant filter.
 */
export class Database {
  private constructor(
    private readonly dataSource: DataSource,
    private readonly log: Logger,
    private readonly counter: StatementCounter,
  ) {}

  /** The appends of requests ending together, per tenant (group-commit.ts). */
  private readonly groupCommits = new GroupCommits();

  /** Statements sent since connecting (for tests that bound the cost of a request). */
  get statementsSent(): number {
    return this.counter.statements;
  }

  /** Messages sent to PostgreSQL since connecting, each a round trip (fewer than statements). */
  get roundTrips(): number {
    return this.counter.roundTrips;
  }

  /** Transactions begun since connecting (one per read-only request, when requests share). */
  get transactionsBegun(): number {
    return this.counter.transactionsBegun;
  }

  /** How requests appended what they gathered (group-commit.ts), counted since connecting. */
  get groupCommitCounts(): Readonly<GroupCommits['counts']> {
    return { ...this.groupCommits.counts };
  }

  /**
   * Connects as the runtime role and refuses to continue if that role could bypass RLS.
   * Statements are prepared (DATABASE_PREPARED_STATEMENTS) unless `preparedStatements` is false.
   */
  static async connect(options: DataSourceOptions & { log: Logger }): Promise<Database> {
    const counter = new StatementCounter();
    const dataSource = createDataSource({ ...options, preparedStatements: options.preparedStatements ?? true, counter });
    await dataSource.initialize();
    const database = new Database(dataSource, options.log, counter);
    try {
      await database.assertRuntimeRoleIsSafe();
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
    await database.warnOfUnmarkedLeakproof(options.log);
    return database;
  }

  /** Runs fn in a transaction scoped to the context's tenant. */
  async withTenant<T>(scope: TenantScope, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    const tenantId = scope.tenantId;
    if (!tenantId) throw new UnauthenticatedError();
    if (!isUuid(tenantId)) throw new Error('withTenant: tenant id is not a UUID');
    const userId = scope.userId ?? '';
    if (userId && !isUuid(userId)) throw new Error('withTenant: user id is not a UUID');
    const request = scope.requestTransaction instanceof RequestTransaction ? scope.requestTransaction : undefined;
    const shared = request?.run(tenantId, userId, () => this.beginRequestTransaction(tenantId, userId, scope), fn);
    if (shared) return shared;
    return this.dataSource.transaction(async (manager) => {
      await setTenant(manager, tenantId, userId, scope);
      return fn(manager);
    });
  }

  /**
   * A request's transaction: the withTenant calls whose scope carries it (`requestTransaction`,
   * which a RequestContext passes on) share it (see RequestTransaction); the caller ends it with
   * `request.end(...)` before answering. Passed along rather than found through async-local
   * storage, whose promise hooks cost every promise of every request (5 % of the gateway's CPU).
   */
  openRequest(): RequestTransaction {
    return new RequestTransaction({
      failed: (runner) => this.counter.failedIn(runner),
      groups: this.groupCommits,
      alone: async (tenantId, statement) => {
        await this.withTenant({ tenantId }, (m) => m.query(statement.sql, [...statement.parameters]));
      },
    });
  }

  /**
   * The one path across tenants: a transaction that enters tandem_system (BYPASSRLS) with
   * SET LOCAL ROLE, for a named reason that is logged.
   */
  async asSystem<T>(reason: SystemReason, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    this.log.info({ systemReason: reason }, 'system database access');
    return this.dataSource.transaction(async (manager) => {
      // One message; the reason is one of SystemReason's names.
      await manager.query(`SET LOCAL ROLE ${ROLES.system}; SET LOCAL app.system_reason = ${escapeLiteral(reason)}`);
      return fn(manager);
    });
  }

  private async beginRequestTransaction(tenantId: string, userId: string, scope: TenantScope): Promise<QueryRunner> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
    } catch (error) {
      await runner.release();
      throw error;
    }
    // BEGIN and the settings in one message, not awaited: the request's first statement goes in
    // the same write (pipelining-client.ts). It cannot overtake them, as each runner.query call
    // reaches pg after the same awaits; and should BEGIN's message fail, every later statement
    // fails in the aborted transaction (or, without one, finds no tenant setting and no rows),
    // the counter marks the runner, and RequestTransaction rolls back and withholds the answer.
    // The transaction ends with RequestTransaction's own COMMIT or ROLLBACK on this runner.
    runner.query(`BEGIN; ${settingsSql(tenantId, userId, scope)}`).catch(() => undefined);
    return runner;
  }

  /** Readiness: can we run a statement right now? */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  /**
   * A database provisioned by an earlier release, or restored without re-provisioning, may lack a
   * LEAKPROOF mark (leakproof.ts): nothing is wrong, but an index then serves no query under RLS
   * and those queries scan. Said once at start, with the fix.
   */
  private async warnOfUnmarkedLeakproof(log: Logger): Promise<void> {
    const unmarked = await this.dataSource.query<{ name: string }[]>(UNMARKED_LEAKPROOF_SQL, [[...LEAKPROOF_FUNCTIONS]]);
    if (unmarked.length === 0) return;
    log.warn({ functions: unmarked.map((row) => row.name) }, 'functions not LEAKPROOF: their GIN indexes serve no query under RLS; run `tandem db provision` (docs/operations.md)');
  }

  private async assertRuntimeRoleIsSafe(): Promise<void> {
    const [role] = await this.dataSource.query<RoleFacts[]>(`
      SELECT r.rolname AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypassrls,
             EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = r.oid AND c.relnamespace = 'public'::regnamespace) AS owns_tables
      FROM pg_roles r WHERE r.rolname = current_user`);
    if (!role) throw new Error('Could not read the current database role');
    if (role.superuser) throw new UnsafeRuntimeRoleError(role.name, 'is a superuser');
    if (role.bypassrls) throw new UnsafeRuntimeRoleError(role.name, 'has BYPASSRLS');
    if (role.owns_tables) throw new UnsafeRuntimeRoleError(role.name, 'owns tables (owners can alter RLS)');
  }
}

/** The transaction-local settings withTenant makes, in the order of their values. */
const SETTINGS = ['app.tenant_id', 'app.user_id', 'app.actor_kind', 'app.actor_id', 'app.roles', 'app.request_id', 'app.ip', 'app.user_agent', 'app.clock', 'app.emergency_case_ids'];

/**
 * The tenant and user that RLS reads, and who acts from where for the write-audit triggers
 * (docs/audit.md), in one message.
 */
function setTenant(manager: EntityManager, tenantId: string, userId: string, scope: TenantScope): Promise<unknown> {
  return manager.query(settingsSql(tenantId, userId, scope));
}

/**
 * The settings as `SET LOCAL` statements: local to the transaction, so a pooled connection
 * carries none of it afterwards (PgBouncer's transaction mode included), and the form Citus
 * forwards to its workers (with `citus.propagate_set_commands = 'local'`), which a set_config
 * call is not (docs/operations.md, "Citus"). A message of several statements carries no
 * parameters, so the values are quoted by pg's escapeLiteral; they are ids, role names and the
 * client's address and user agent. The statement counter counts the message as one statement.
 */
function settingsSql(tenantId: string, userId: string, scope: TenantScope): string {
  const values = [tenantId, userId, ...requestSettings(scope)];
  return SETTINGS.map((name, i) => `SET LOCAL ${name} = ${escapeLiteral(values[i] ?? '')}`).join('; ');
}
