import type { Catalogue, CatalogueForeignKey } from './catalogue';
import { UnplacedTablesError, planDistribution, referencedFirst } from './plan';
import { renderDistributionScript } from './render';

const ref = (table: string, referenced: string): CatalogueForeignKey => ({
  name: `${table}_${referenced}_fkey`,
  table,
  referenced,
  columns: ['tenant_id', `${referenced}_id`],
  referenced_columns: ['tenant_id', 'id'],
  on_delete: 'a',
  on_update: 'a',
});

const catalogue: Catalogue = {
  tables: ['tenant', 'app_user', 'migrations', 'membership', 'patient', 'clinical_case', 'case_note', 'audit_event'].map((table) => ({
    table,
    tenant_id_type: ['tenant', 'app_user', 'migrations'].includes(table) ? null : 'uuid',
  })),
  uniqueKeys: [],
  foreignKeys: [
    ref('membership', 'tenant'),
    ref('membership', 'app_user'),
    ref('clinical_case', 'patient'),
    ref('case_note', 'clinical_case'),
    ref('case_note', 'membership'),
    ref('clinical_case', 'membership'),
    ref('case_note', 'case_note'),
  ],
  triggers: [{ table: 'case_note', name: 'audit_insert' }],
  policies: [{ table: 'app_user', name: 'self_or_colleague', has_subquery: true }],
};

describe('the distribution plan', () => {
  it('puts each table after the tables it references, alphabetically where free, ignoring self-references', () => {
    expect(referencedFirst(['case_note', 'clinical_case', 'patient', 'membership', 'audit_event'], catalogue.foreignKeys)).toEqual([
      'audit_event',
      'membership',
      'patient',
      'clinical_case',
      'case_note',
    ]);
  });

  it('refuses to order a foreign-key cycle', () => {
    expect(() => referencedFirst(['a', 'b', 'c'], [ref('a', 'b'), ref('b', 'a')])).toThrow('cycle among a, b');
  });

  it('co-locates every tenant-owned table with the most referenced root table, which goes first', () => {
    const plan = planDistribution(catalogue);
    expect(plan.anchor).toBe('membership');
    expect(plan.distributed).toEqual(['membership', 'audit_event', 'patient', 'clinical_case', 'case_note']);
    expect(plan.reference).toEqual(['app_user', 'tenant']);
    expect(plan.coordinator.map((c) => c.table)).toEqual(['migrations']);
    expect(plan.triggered).toEqual(['case_note']);
    expect(plan.blockers.map((b) => b.subject)).toEqual(['app_user.self_or_colleague']);
  });

  it('refuses a global table without a placement', () => {
    const unplaced: Catalogue = { ...catalogue, tables: [...catalogue.tables, { table: 'price_list', tenant_id_type: null }] };
    expect(() => planDistribution(unplaced)).toThrow(UnplacedTablesError);
  });

  it('renders the statements in plan order, the anchor in a group of its own and the rest with it', () => {
    const sql = renderDistributionScript(planDistribution(catalogue));
    const statements = sql.split('\n').filter((line) => line.startsWith('SELECT') || line.startsWith('SET') || line === 'BEGIN;' || line === 'COMMIT;');
    expect(statements.map((s) => s.replace(/ --.*$/, ''))).toEqual([
      'BEGIN;',
      "SET LOCAL citus.multi_shard_modify_mode TO 'sequential';",
      'SET LOCAL citus.enable_unsafe_triggers TO on;',
      "SELECT create_reference_table('app_user');",
      "SELECT create_reference_table('tenant');",
      "SELECT create_distributed_table('membership', 'tenant_id', colocate_with => 'none');",
      "SELECT create_distributed_table('audit_event', 'tenant_id', colocate_with => 'membership');",
      "SELECT create_distributed_table('patient', 'tenant_id', colocate_with => 'membership');",
      "SELECT create_distributed_table('clinical_case', 'tenant_id', colocate_with => 'membership');",
      "SELECT create_distributed_table('case_note', 'tenant_id', colocate_with => 'membership');",
      'COMMIT;',
    ]);
    expect(sql).toContain('--   migrations: ');
    expect(sql).toContain('-- KNOWN BLOCKERS: Citus will refuse this script until these are fixed');
    expect(sql).toContain('--   app_user.self_or_colleague: Citus refuses policies with subqueries');
  });
});
