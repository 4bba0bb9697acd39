// RuleTester drives describe/it itself; jest provides both as globals.
const { RuleTester } = require('eslint');
const { parser } = require('typescript-eslint');
const rule = require('../eslint-rules/no-session-state.cjs');

const ruleTester = new RuleTester({
  languageOptions: { parser, ecmaVersion: 2022, sourceType: 'module' },
});

/** `sql` sent through a TypeORM manager, as request code does. */
const sent = (sql: string) => `async function work(m) { await m.query(${sql}, []); }`;

ruleTester.run('no-session-state', rule, {
  valid: [
    { name: 'transaction-local settings', code: sent("`SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, TRUE)`") },
    { name: 'SET LOCAL ROLE', code: sent('`SET LOCAL ROLE ${ROLES.system}`') },
    { name: 'SET LOCAL of a setting', code: sent("'SET LOCAL statement_timeout = 5000'") },
    { name: 'SET TRANSACTION and SET CONSTRAINTS', code: sent("'SET TRANSACTION ISOLATION LEVEL SERIALIZABLE; SET CONSTRAINTS ALL DEFERRED'") },
    { name: 'UPDATE … SET is not a SET statement', code: sent("'UPDATE outbox SET relayed_at = now() WHERE id = ANY($1)'") },
    { name: 'upsert with DO UPDATE SET', code: sent("'INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET a = EXCLUDED.a'") },
    { name: 'transaction-scoped advisory lock', code: sent("`SELECT pg_advisory_xact_lock(hashtextextended('audit-seal:' || $1, 0))`") },
    { name: 'NOTIFY is delivered at commit and works in transaction mode', code: sent("`SELECT pg_notify('changes', $1)`") },
    { name: 'temp table dropped at commit', code: sent("'CREATE TEMP TABLE batch (id uuid) ON COMMIT DROP'") },
    { name: 'SQL in a named constant that is harmless', code: `const SQL = 'SELECT 1'; async function f(m) { await m.query(SQL); }` },
    { name: 'an unnamed query config', code: `async function f(c) { await c.query({ text: 'SELECT $1::int', values: [1] }); }` },
    { name: 'prose that starts with Set is not SQL', code: `throw new Error('Set DATA_DIR to a directory it can reach');` },
    { name: 'query_timeout is client-side', code: `const pool = new Pool({ connectionString: url, query_timeout: 5000 });` },
  ],
  invalid: [
    { name: 'session SET', code: sent("'SET search_path TO tandem'"), errors: [{ messageId: 'sessionSet' }] },
    { name: 'SET SESSION', code: sent("'SET SESSION statement_timeout = 1000'"), errors: [{ messageId: 'sessionSet' }] },
    { name: 'lower-case session SET', code: sent("'set role tandem_system'"), errors: [{ messageId: 'sessionSet' }] },
    { name: 'a SET after another statement', code: sent("'SELECT 1; SET TIME ZONE UTC'"), errors: [{ messageId: 'sessionSet' }] },
    { name: 'RESET', code: sent("'RESET ROLE'"), errors: [{ messageId: 'sessionSet' }] },
    { name: 'set_config(…, false)', code: sent("`SELECT set_config('app.tenant_id', $1, false)`"), errors: [{ messageId: 'sessionSetConfig' }] },
    { name: 'set_config with a parameter for its scope', code: sent("`SELECT set_config('app.tenant_id', $1, $2)`"), errors: [{ messageId: 'sessionSetConfig' }] },
    { name: 'set_config with nested calls, one of them session-level', code: sent("`SELECT set_config('a', lower($1), true), set_config('b', concat($2, 'x'), false)`"), errors: [{ messageId: 'sessionSetConfig' }] },
    { name: 'session advisory lock', code: sent("'SELECT pg_advisory_lock($1)'"), errors: [{ messageId: 'advisoryLock' }] },
    { name: 'try session advisory lock', code: sent("'SELECT pg_try_advisory_lock_shared($1)'"), errors: [{ messageId: 'advisoryLock' }] },
    { name: 'advisory unlock', code: sent("'SELECT pg_advisory_unlock($1)'"), errors: [{ messageId: 'advisoryLock' }] },
    { name: 'LISTEN', code: sent("'LISTEN outbox'"), errors: [{ messageId: 'listen' }] },
    { name: 'WITH HOLD cursor', code: sent("'DECLARE c CURSOR WITH HOLD FOR SELECT 1'"), errors: [{ messageId: 'withHold' }] },
    { name: 'SQL PREPARE', code: sent("'PREPARE q (uuid) AS SELECT * FROM tenant WHERE id = $1'"), errors: [{ messageId: 'prepare' }] },
    { name: 'temp table kept past commit', code: sent("'CREATE TEMPORARY TABLE batch (id uuid)'"), errors: [{ messageId: 'tempTable' }] },
    { name: 'session SET held in a constant', code: `const TZ = 'SET TIME ZONE UTC'; async function f(m) { await m.query(TZ); }`, errors: [{ messageId: 'sessionSet' }] },
    {
      name: 'a named prepared statement',
      code: `async function f(c) { await c.query({ name: 'tenant-by-id', text: 'SELECT * FROM tenant WHERE id = $1', values: [1] }); }`,
      errors: [{ messageId: 'namedStatement' }],
    },
    {
      name: 'statement_timeout as a start-up parameter',
      code: `const pool = new Pool({ connectionString: url, statement_timeout: 5000 });`,
      errors: [{ messageId: 'startupParameter', data: { name: 'statement_timeout' } }],
    },
    {
      name: 'options in a connection URL',
      code: "const url = `postgres://app@db/tandem?options=-c%20search_path%3Dtandem`;",
      errors: [{ messageId: 'startupParameter', data: { name: 'options' } }],
    },
  ],
});
