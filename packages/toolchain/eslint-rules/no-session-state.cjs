// Behind PgBouncer in transaction pooling mode a connection's session belongs to whichever
// client's transaction runs on it next. SQL that leaves state on the session (or expects to find
// it in a later transaction) breaks there: a session-level SET, set_config(…, false), a
// session advisory lock, LISTEN, a temp table that outlives its transaction, a WITH HOLD cursor,
// a named prepared statement, or a start-up parameter PgBouncer refuses. docs/operations.md,
// "PgBouncer (transaction pooling)", says what to write instead and which paths connect directly.
'use strict';

/** SQL patterns, tested case-insensitively against the text of a statement given to `.query(…)`. */
const SQL_PATTERNS = [
  { id: 'sessionSet', pattern: /(^|;)\s*SET\s+(?!LOCAL\b|TRANSACTION\b|CONSTRAINTS\b)/i },
  { id: 'sessionSet', pattern: /(^|;)\s*RESET\b/i },
  { id: 'advisoryLock', pattern: /\bpg_(try_)?advisory_(un)?lock(_shared|_all)?\s*\(/i },
  { id: 'listen', pattern: /(^|;)\s*(UN)?LISTEN\b/i },
  { id: 'withHold', pattern: /\bWITH\s+HOLD\b/i },
  { id: 'prepare', pattern: /(^|;)\s*(PREPARE|DEALLOCATE)\b/i },
];
const TEMP_TABLE = /\bCREATE\s+(GLOBAL\s+|LOCAL\s+)?TEMP(ORARY)?\s+TABLE\b/i;
const ON_COMMIT_DROP = /\bON\s+COMMIT\s+DROP\b/i;
/** Start-up parameters node-postgres sends and PgBouncer refuses (no ignore_startup_parameters). */
const STARTUP_KEYS = new Set(['statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout']);
const STARTUP_IN_URL = /[?&](options|statement_timeout|lock_timeout|idle_in_transaction_session_timeout)=/i;

/** The third arguments of every set_config(…) call in `sql`, trimmed. */
function setConfigScopes(sql) {
  const scopes = [];
  const call = /\bset_config\s*\(/gi;
  let match;
  while ((match = call.exec(sql)) !== null) {
    const args = [''];
    let depth = 0;
    for (let i = match.index + match[0].length; i < sql.length; i += 1) {
      const ch = sql[i];
      if (ch === '(') depth += 1;
      if (ch === ')' && depth-- === 0) break;
      if (ch === ',' && depth === 0) args.push('');
      else args[args.length - 1] += ch;
    }
    scopes.push((args[2] ?? '').trim().toLowerCase());
  }
  return scopes;
}

/** What `sql` does that outlives its transaction, as message ids. */
function sessionStateIn(sql) {
  const found = SQL_PATTERNS.filter(({ pattern }) => pattern.test(sql)).map(({ id }) => id);
  if (setConfigScopes(sql).some((scope) => scope !== 'true')) found.push('sessionSetConfig');
  if (TEMP_TABLE.test(sql) && !ON_COMMIT_DROP.test(sql)) found.push('tempTable');
  return [...new Set(found)];
}

/** The text of a string or template literal, expressions replaced by a parameter-like hole. */
function textOf(node) {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral') return node.quasis.map((q) => q.value.cooked ?? q.value.raw).join(' $0 ');
  return null;
}

/** A `const` in scope initialised with a literal: SQL is often named once and sent later. */
function constantText(context, identifier) {
  let scope = context.sourceCode.getScope(identifier);
  while (scope) {
    const variable = scope.set.get(identifier.name);
    if (variable) {
      const def = variable.defs[0];
      const declaration = def && def.parent;
      if (def && def.type === 'Variable' && declaration && declaration.kind === 'const') return textOf(def.node.init);
      return null;
    }
    scope = scope.upper;
  }
  return null;
}

function propertyNamed(object, name) {
  return object.properties.find((p) => p.type === 'Property' && !p.computed && ((p.key.type === 'Identifier' && p.key.name === name) || (p.key.type === 'Literal' && p.key.value === name)));
}

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid SQL and connection settings that depend on session state, which PgBouncer in transaction mode does not keep' },
    schema: [],
    messages: {
      sessionSet: 'A session-level SET/RESET outlives its transaction; behind PgBouncer the next client inherits it. Use SET LOCAL or set_config(name, value, true).',
      sessionSetConfig: "set_config(…) must be transaction-local: pass `true` as its third argument, literally.",
      advisoryLock: 'A session advisory lock outlives its transaction; behind PgBouncer it stays with a connection another client gets. Use pg_advisory_xact_lock / pg_try_advisory_xact_lock.',
      listen: 'LISTEN needs a session of its own, which PgBouncer in transaction mode does not give; connect directly for it.',
      withHold: 'A WITH HOLD cursor outlives its transaction, which PgBouncer in transaction mode does not allow for.',
      prepare: 'SQL-level PREPARE/DEALLOCATE lives in the session; behind PgBouncer the next transaction may run elsewhere. Send parameterised statements instead.',
      tempTable: 'A temporary table lives in the session; behind PgBouncer create it ON COMMIT DROP.',
      namedStatement: "A named prepared statement ({ name, text }) lives in the session; PgBouncer's transaction mode does not keep it. Leave out `name`.",
      startupParameter: "PgBouncer refuses '{{name}}' as a start-up parameter; set it per transaction (SET LOCAL) or on the role (ALTER ROLE … SET).",
    },
  },

  create(context) {
    const reportSql = (node, sql) => {
      for (const messageId of sessionStateIn(sql)) context.report({ node, messageId });
    };
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier' || callee.property.name !== 'query') return;
        const [first] = node.arguments;
        if (!first) return;
        if (first.type === 'ObjectExpression') {
          const name = propertyNamed(first, 'name');
          if (name) context.report({ node: name, messageId: 'namedStatement' });
          const text = propertyNamed(first, 'text');
          const sql = text && textOf(text.value);
          if (sql) reportSql(text, sql);
          return;
        }
        const sql = first.type === 'Identifier' ? constantText(context, first) : textOf(first);
        if (sql) reportSql(first, sql);
      },
      Property(node) {
        const key = node.computed ? null : node.key.type === 'Identifier' ? node.key.name : node.key.type === 'Literal' ? node.key.value : null;
        if (STARTUP_KEYS.has(key)) context.report({ node, messageId: 'startupParameter', data: { name: key } });
      },
      Literal(node) {
        if (typeof node.value === 'string' && STARTUP_IN_URL.test(node.value)) context.report({ node, messageId: 'startupParameter', data: { name: STARTUP_IN_URL.exec(node.value)[1] } });
      },
      TemplateElement(node) {
        const text = node.value.cooked ?? node.value.raw;
        if (STARTUP_IN_URL.test(text)) context.report({ node, messageId: 'startupParameter', data: { name: STARTUP_IN_URL.exec(text)[1] } });
      },
    };
  },
};
