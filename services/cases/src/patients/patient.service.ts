import { ConflictError, NotFoundError, isUuid, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { abilityOf, accessibleWhere, assertCan, assertFieldsPermitted, readableView, visibleOrNotFound } from '@tandem/authz';
import type { Database, EntityManager } from '@tandem/db';
import { afterId, toPage } from '@tandem/graphql';
import type { Page, PageRequest } from '@tandem/graphql';
import { validPatientDetails, validWeight } from './patient-input';
import type { PatientDetails } from './patient-input';
import { PATIENT_COLUMNS, findPatients } from './patient-record';
import { auditPatientReads } from './audit-reads';
import type { PatientView } from './patient-record';

/** Registration, demographics, weight history and search. */
export class PatientService {
  constructor(private readonly db: Database) {}

  async register(ctx: RequestContext, details: PatientDetails): Promise<PatientView> {
    const valid = validPatientDetails(details, ctx.clock.now());
    return this.db.withTenant(ctx, async (m) => {
      assertCan(ctx, 'create', 'Patient', { tenantId: ctx.tenantId });
      await assertMrnFree(m, valid.mrn);
      const id = newId();
      const now = ctx.clock.now();
      await m.query(
        `INSERT INTO patient (tenant_id, id, mrn, given_name, family_name, date_of_birth, sex, phone, email, emergency_contact_name, emergency_contact_phone, state, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $13, $12, $12)`,
        [ctx.tenantId, id, valid.mrn, valid.givenName, valid.familyName, valid.dateOfBirth, valid.sex, valid.phone ?? null, valid.email ?? null, valid.emergencyContactName ?? null, valid.emergencyContactPhone ?? null, now, valid.state ?? null],
      );
      return readableView(ctx, 'Patient', await load(m, id));
    });
  }

  async get(ctx: RequestContext, id: string): Promise<PatientView> {
    return this.db.withTenant(ctx, async (m) => {
      const patient = readableView(ctx, 'Patient', visibleOrNotFound(ctx, 'Patient', await find(m, id)));
      await auditPatientReads(m, ctx, [patient]);
      return patient;
    });
  }

  async update(ctx: RequestContext, id: string, change: Partial<PatientDetails>): Promise<PatientView> {
    const fields = Object.keys(change).filter((k) => change[k as keyof PatientDetails] !== undefined);
    const valid = validPatientDetails(change, ctx.clock.now());
    return this.db.withTenant(ctx, async (m) => {
      const current = visibleOrNotFound(ctx, 'Patient', await find(m, id));
      assertFieldsPermitted(ctx, 'update', 'Patient', current, fields);
      if (valid.mrn && valid.mrn !== current.mrn) await assertMrnFree(m, valid.mrn);
      const next = { ...current, ...valid };
      await m.query(
        `UPDATE patient SET mrn = $2, given_name = $3, family_name = $4, date_of_birth = $5, sex = $6, phone = $7, email = $8,
           emergency_contact_name = $9, emergency_contact_phone = $10, state = $12, updated_at = $11 WHERE id = $1`,
        [id, next.mrn, next.givenName, next.familyName, next.dateOfBirth, next.sex, next.phone, next.email, next.emergencyContactName, next.emergencyContactPhone, ctx.clock.now(), next.state ?? null],
      );
      return readableView(ctx, 'Patient', await load(m, id));
    });
  }

  /** A new weight (history is kept: a dose in mg/kg reads the latest). Clinicians on the team. */
  async recordWeight(ctx: RequestContext, patientId: string, weightKg: number): Promise<PatientView> {
    const kg = validWeight(weightKg);
    return this.db.withTenant(ctx, async (m) => {
      const patient = visibleOrNotFound(ctx, 'Patient', await find(m, patientId));
      assertFieldsPermitted(ctx, 'update', 'Patient', patient, ['weight']);
      const recorder = ctx.principal.kind === 'user' ? ctx.principal.membershipId : null;
      await m.query(`INSERT INTO patient_weight (tenant_id, id, patient_id, weight_kg, measured_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)`, [
        ctx.tenantId,
        newId(),
        patientId,
        kg,
        ctx.clock.now(),
        recorder,
      ]);
      return readableView(ctx, 'Patient', await load(m, patientId));
    });
  }

  /** By exact MRN or by family/given name prefix; only patients the actor may see, filtered in SQL. */
  async search(ctx: RequestContext, text: string, page: PageRequest): Promise<Page<PatientView>> {
    const after = afterId(page);
    const prefix = `${text.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const visible = accessibleWhere(abilityOf(ctx), 'read', 'Patient', PATIENT_COLUMNS, 4);
    return this.db.withTenant(ctx, async (m) => {
      const rows = await findPatients(
        m,
        `(p.mrn = $1 OR lower(p.family_name) LIKE $2 OR lower(p.given_name) LIKE $2) AND ($3::uuid IS NULL OR p.id > $3) AND ${visible.sql} ORDER BY p.id LIMIT $4`,
        [text.trim(), prefix, after, page.first + 1, ...visible.params],
      );
      const result = toPage(
        rows.map((row) => readableView(ctx, 'Patient', row)),
        page.first,
      );
      await auditPatientReads(m, ctx, result.nodes);
      return result;
    });
  }
}

async function find(m: EntityManager, id: string): Promise<PatientView | undefined> {
  if (!isUuid(id)) return undefined;
  return (await findPatients(m, 'p.id = $1', [id]))[0];
}

async function load(m: EntityManager, id: string): Promise<PatientView> {
  const patient = await find(m, id);
  if (!patient) throw new NotFoundError('Patient');
  return patient;
}

async function assertMrnFree(m: EntityManager, mrn: string): Promise<void> {
  const [taken] = await m.query<unknown[]>(`SELECT 1 FROM patient WHERE mrn = $1`, [mrn]);
  if (taken) throw new ConflictError('Another patient of this clinic has that MRN', { field: 'mrn' });
}
