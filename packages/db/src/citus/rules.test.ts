import { blockersIn } from './blockers';
import type { Catalogue, CatalogueForeignKey } from './catalogue';
import { findCitusViolations, foreignKeyViolations, tenantIdTypeMismatches, uniqueKeyViolations } from './rules';

const fk = (over: Partial<CatalogueForeignKey>): CatalogueForeignKey => ({
  name: 'fk',
  table: 'dose_administration',
  referenced: 'treatment_session',
  columns: ['tenant_id', 'session_id'],
  referenced_columns: ['tenant_id', 'id'],
  on_delete: 'a',
  on_update: 'a',
  ...over,
});

describe('Citus rules over catalogue rows', () => {
  it('require tenant_id in every primary key, unique constraint, unique index and exclusion constraint of a distributed table', () => {
    expect(uniqueKeyViolations({ table: 'patient', name: 'patient_pkey', kind: 'primary key', columns: ['tenant_id', 'id'] }, 'distributed')).toEqual([]);
    expect(uniqueKeyViolations({ table: 'patient', name: 'patient_mrn', kind: 'unique index', columns: ['mrn'] }, 'distributed')).toEqual([
      'patient: unique index patient_mrn (mrn) must include tenant_id',
    ]);
    expect(uniqueKeyViolations({ table: 'visit', name: 'visit_lower_ref', kind: 'unique index', columns: [null] }, 'distributed')).toEqual([
      'visit: unique index visit_lower_ref ((expression)) must include tenant_id',
    ]);
    expect(uniqueKeyViolations({ table: 'room', name: 'room_no_overlap', kind: 'exclusion constraint', columns: ['room_id', 'during'] }, 'distributed')).toHaveLength(1);
    // A reference table holds every row in one shard, so any uniqueness can be enforced.
    expect(uniqueKeyViolations({ table: 'tenant', name: 'tenant_slug_key', kind: 'unique constraint', columns: ['slug'] }, 'reference')).toEqual([]);
  });

  it('require a foreign key between distributed tables to pair tenant_id with tenant_id at the same position', () => {
    expect(foreignKeyViolations(fk({}), 'distributed', 'distributed')).toEqual([]);
    expect(foreignKeyViolations(fk({ columns: ['session_id'], referenced_columns: ['id'] }), 'distributed', 'distributed')).toEqual([
      'dose_administration: foreign key fk to treatment_session must pair tenant_id with tenant_id (has (session_id) → (id))',
    ]);
    expect(foreignKeyViolations(fk({ columns: ['tenant_id', 'session_id'], referenced_columns: ['id', 'tenant_id'] }), 'distributed', 'distributed')).toHaveLength(1);
  });

  it('refuse ON DELETE SET NULL / SET DEFAULT and any ON UPDATE action on a key from a distributed table that includes tenant_id', () => {
    expect(foreignKeyViolations(fk({ on_delete: 'c' }), 'distributed', 'distributed')).toEqual([]);
    expect(foreignKeyViolations(fk({ on_delete: 'n' }), 'distributed', 'distributed')).toEqual([
      'dose_administration: foreign key fk to treatment_session: ON DELETE SET NULL is refused when the key includes tenant_id',
    ]);
    expect(foreignKeyViolations(fk({ on_delete: 'd', on_update: 'c' }), 'distributed', 'distributed')).toHaveLength(2);
    const toTenant = fk({ table: 'membership', referenced: 'tenant', columns: ['tenant_id'], referenced_columns: ['id'] });
    expect(foreignKeyViolations({ ...toTenant, on_delete: 'c' }, 'distributed', 'reference')).toEqual([]);
    expect(foreignKeyViolations({ ...toTenant, on_delete: 'n' }, 'distributed', 'reference')).toEqual([
      'membership: foreign key fk to tenant: ON DELETE SET NULL is refused when the key includes tenant_id',
    ]);
    const toUser = fk({ table: 'membership', referenced: 'app_user', columns: ['user_id'], referenced_columns: ['id'], on_delete: 'n' });
    expect(foreignKeyViolations(toUser, 'distributed', 'reference')).toEqual([]);
  });

  it('allow distributed → reference, refuse reference → distributed and any key across the coordinator boundary', () => {
    const toUser = fk({ table: 'membership', referenced: 'app_user', columns: ['user_id'], referenced_columns: ['id'] });
    expect(foreignKeyViolations(toUser, 'distributed', 'reference')).toEqual([]);
    expect(foreignKeyViolations(toUser, 'reference', 'reference')).toEqual([]);
    const fromUser = fk({ table: 'app_user', referenced: 'membership', columns: ['default_membership_id'], referenced_columns: ['id'] });
    expect(foreignKeyViolations(fromUser, 'reference', 'distributed')).toEqual(['app_user: foreign key fk to membership points from a reference table at a distributed table']);
    expect(foreignKeyViolations(fk({ table: 'migrations', referenced: 'tenant' }), 'coordinator', 'reference')).toHaveLength(1);
    expect(foreignKeyViolations(fk({ table: 'membership', referenced: 'migrations' }), 'distributed', 'coordinator')).toHaveLength(1);
  });

  it('require one tenant_id type, naming the tables that differ from the usual one', () => {
    const tables = [
      { table: 'patient', tenant_id_type: 'uuid' },
      { table: 'clinical_case', tenant_id_type: 'uuid' },
      { table: 'legacy_visit', tenant_id_type: 'text' },
      { table: 'tenant', tenant_id_type: null },
    ];
    expect(tenantIdTypeMismatches(tables)).toEqual(['legacy_visit: tenant_id is text, elsewhere uuid; co-located tables need one distribution column type']);
    expect(tenantIdTypeMismatches(tables.slice(0, 2))).toEqual([]);
  });

  it('name a table without tenant_id that has no placement, and nothing on a sound catalogue', () => {
    const sound: Catalogue = {
      tables: [
        { table: 'tenant', tenant_id_type: null },
        { table: 'membership', tenant_id_type: 'uuid' },
      ],
      uniqueKeys: [{ table: 'membership', name: 'membership_pkey', kind: 'primary key', columns: ['tenant_id', 'id'] }],
      foreignKeys: [fk({ table: 'membership', referenced: 'tenant', columns: ['tenant_id'], referenced_columns: ['id'] })],
      triggers: [],
      policies: [{ table: 'membership', name: 'tenant_isolation', has_subquery: false }],
    };
    expect(findCitusViolations(sound, {})).toEqual([]);
    const withPriceList: Catalogue = { ...sound, tables: [...sound.tables, { table: 'price_list', tenant_id_type: null }] };
    expect(findCitusViolations(withPriceList, {})).toEqual(['price_list: has no tenant_id and no Citus placement (add it to GLOBAL_PLACEMENTS with the reason)']);
  });

  it('refuse a policy with a subquery on a distributed or reference table unless it is a known blocker, and report a blocker that is gone', () => {
    const catalogue: Catalogue = {
      tables: [
        { table: 'app_user', tenant_id_type: null },
        { table: 'membership', tenant_id_type: 'uuid' },
        { table: 'migrations', tenant_id_type: null },
      ],
      uniqueKeys: [],
      foreignKeys: [],
      triggers: [],
      policies: [
        { table: 'app_user', name: 'self_or_colleague', has_subquery: true },
        { table: 'membership', name: 'own_team', has_subquery: true },
        { table: 'migrations', name: 'ledger', has_subquery: true },
      ],
    };
    expect(findCitusViolations(catalogue, { 'app_user.self_or_colleague': 'why' })).toEqual([
      'membership: policy own_team uses a subquery, which Citus refuses on distributed and reference tables',
    ]);
    expect(blockersIn(catalogue, { 'app_user.self_or_colleague': 'why' })).toEqual([{ subject: 'app_user.self_or_colleague', why: 'why' }]);
    const fixed: Catalogue = { ...catalogue, policies: catalogue.policies.filter((p) => p.table !== 'membership').map((p) => ({ ...p, has_subquery: false })) };
    expect(findCitusViolations(fixed, { 'app_user.self_or_colleague': 'why' })).toEqual([
      'app_user.self_or_colleague: listed in KNOWN_CITUS_BLOCKERS but no longer occurs; remove the entry',
    ]);
    expect(blockersIn(fixed, { 'app_user.self_or_colleague': 'why' })).toEqual([]);
  });
});
