import { verifyChain } from '@tandem/audit';
import { ManualClock, newId } from '@tandem/core';
import { contextFor, eventually } from '@tandem/testing';
import { createClinic, gql } from './support/clinic-fixture';
import type { Clinic } from './support/clinic-fixture';
import { openCase, registerPatient } from './support/case-fixture';
import { ownerQuery, ownerRolledBack, startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';
import { startTestWorker } from './support/test-worker';
import type { TestWorker } from './support/test-worker';

/** As the database's superuser, with the append-only trigger off: what a tampering DBA could do. */
const tamper = (app: TestGateway, sql: string) =>
  ownerQuery(app, `BEGIN; ALTER TABLE audit_event DISABLE TRIGGER audit_event_immutable; ${sql}; ALTER TABLE audit_event ENABLE TRIGGER audit_event_immutable; COMMIT`, []);

describe('the audit hash chain: sealed by the worker, checked by verify', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let worker: TestWorker;
  let clinic: Clinic;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    clinic = await createClinic(app, clock, 'chain');
    const patientId = await registerPatient(app, clinic.admin.accessToken);
    await openCase(app, clinic.admin.accessToken, patientId);
    for (const mrn of ['MRN-CHAIN-2', 'MRN-CHAIN-3', 'MRN-CHAIN-4']) await registerPatient(app, clinic.admin.accessToken, { mrn });
    // A page of patients: one grouped read event naming each of them.
    await gql(app, `{ patients(search: "Lovelace", page: { first: 10 }) { count } }`, {}, clinic.admin.accessToken);
    worker = await startTestWorker(app, { clock });
  });

  afterAll(async () => {
    await worker.stop();
    await app.stop();
  });

  const unsealed = async () => (await ownerQuery<{ n: number }>(app, `SELECT count(*)::int AS n FROM audit_event WHERE tenant_id = $1 AND seq IS NULL`, [clinic.id]))[0]?.n;
  const bySeq = async (seq: number) => (await ownerQuery<{ id: string; subject_type: string }>(app, `SELECT id, subject_type FROM audit_event WHERE tenant_id = $1 AND seq = $2`, [clinic.id, seq]))[0];

  it('seals every event of the clinic in order, each hash chained to the previous one', async () => {
    await eventually(async () => (await unsealed()) === 0, 20_000);
    const chain = await ownerQuery<{ seq: string; prev_hash: string | null; hash: string }>(app, `SELECT seq, prev_hash, hash FROM audit_event WHERE tenant_id = $1 ORDER BY seq`, [clinic.id]);
    expect(chain.length).toBeGreaterThanOrEqual(5);
    expect(chain.map((link) => Number(link.seq))).toEqual(chain.map((_, index) => index + 1));
    expect(chain[0]?.prev_hash).toBeNull();
    chain.slice(1).forEach((link, index) => expect(link.prev_hash).toBe(chain[index]?.hash));
    const report = await verifyChain(app.db, clinic.slug);
    expect(report).toEqual({ tenantId: clinic.id, sealed: chain.length, unsealed: 0, broken: null });
  });

  it('refuses to re-seal a sealed event, even to the sealer', async () => {
    await expect(app.db.asSystem('audit-seal', (m) => m.query(`UPDATE audit_event SET hash = 'forged' WHERE tenant_id = $1 AND seq = 1`, [clinic.id]))).rejects.toThrow(/append-only/);
  });

  /**
   * An unsealed grouped event appended, then `update` run as tandem_system granted more columns
   * than the seal's, in one transaction rolled back: the trigger's own comparison, which the
   * column grant otherwise keeps from being reached.
   */
  const asWidenedSealer = async (update: string) => {
    const id = newId();
    const sealed = await ownerRolledBack<{ seq: string }>(app, [
      `INSERT INTO audit_event (tenant_id, id, occurred_at, actor_kind, action, subject_type, fields, outcome, subject_ids, case_ids, patient_ids)
       VALUES ('${clinic.id}', '${id}', now(), 'partner', 'read', 'Patient', '{mrn}', 'ALLOWED', '{${newId()},${newId()}}', '{NULL,NULL}', '{${newId()},${newId()}}')`,
      `GRANT UPDATE (fields, patient_ids) ON audit_event TO tandem_system`,
      `SET LOCAL ROLE tandem_system`,
      `UPDATE audit_event SET seq = 999999, hash = 'h', sealed_at = now()${update} WHERE id = '${id}' RETURNING seq`,
    ]);
    return sealed.map((row) => Number(row.seq));
  };

  it('refuses a sealer that changes any column but the seal, compared column by column, and lets the seal alone through', async () => {
    expect(await asWidenedSealer('')).toEqual([999999]);
    await expect(asWidenedSealer(`, fields = '{mrn,phone}'`)).rejects.toThrow(/append-only/);
    await expect(asWidenedSealer(`, patient_ids = patient_ids[2:] || patient_ids[1:1]`)).rejects.toThrow(/append-only/);
    // The same values again are no change, lists with NULL in them included.
    expect(await asWidenedSealer(`, fields = '{mrn}', patient_ids = patient_ids`)).toEqual([999999]);
  });

  it("covers every record of a grouped read: changing the patients it names breaks that event's link", async () => {
    const [grouped] = await ownerQuery<{ id: string; seq: string; patient_ids: string[] }>(
      app,
      `SELECT id, seq, patient_ids FROM audit_event WHERE tenant_id = $1 AND subject_type = 'Patient' AND action = 'read' AND cardinality(subject_ids) = 4`,
      [clinic.id],
    );
    expect(grouped?.seq).not.toBeNull();
    const original = `'{${grouped?.patient_ids.join(',')}}'`;
    await tamper(app, `UPDATE audit_event SET patient_ids = patient_ids[2:] || patient_ids[1:1] WHERE id = '${grouped?.id}'`);
    expect((await verifyChain(app.db, clinic.id)).broken).toEqual({ seq: Number(grouped?.seq), eventId: grouped?.id, problem: expect.stringMatching(/hash does not match the content/) });
    await tamper(app, `UPDATE audit_event SET patient_ids = ${original} WHERE id = '${grouped?.id}'`);
    expect((await verifyChain(app.db, clinic.id)).broken).toBeNull();
  });

  it('reports the first broken link when a sealed event is changed, reordered or deleted', async () => {
    const second = await bySeq(2);
    await tamper(app, `UPDATE audit_event SET outcome = 'DENIED' WHERE id = '${second?.id}'`);
    expect((await verifyChain(app.db, clinic.id)).broken).toEqual({ seq: 2, eventId: second?.id, problem: expect.stringMatching(/hash does not match the content/) });
    await tamper(app, `UPDATE audit_event SET outcome = 'ALLOWED' WHERE id = '${second?.id}'`);
    expect((await verifyChain(app.db, clinic.id)).broken).toBeNull();

    const [third, fourth] = [await bySeq(3), await bySeq(4)];
    await tamper(app, `UPDATE audit_event SET seq = -1 WHERE id = '${third?.id}'; UPDATE audit_event SET seq = 3 WHERE id = '${fourth?.id}'; UPDATE audit_event SET seq = 4 WHERE id = '${third?.id}'`);
    expect((await verifyChain(app.db, clinic.id)).broken).toEqual({ seq: 3, eventId: fourth?.id, problem: expect.stringMatching(/prev_hash is not the hash of seq 2/) });
    await tamper(app, `UPDATE audit_event SET seq = -1 WHERE id = '${third?.id}'; UPDATE audit_event SET seq = 4 WHERE id = '${fourth?.id}'; UPDATE audit_event SET seq = 3 WHERE id = '${third?.id}'`);
    expect((await verifyChain(app.db, clinic.id)).broken).toBeNull();

    await tamper(app, `DELETE FROM audit_event WHERE id = '${second?.id}'`);
    expect((await verifyChain(app.db, clinic.id)).broken).toEqual({ seq: 3, eventId: third?.id, problem: expect.stringMatching(/sequence gap: expected seq 2/) });
  });

  it('keeps sealing events that arrive later, after the last link', async () => {
    const ctx = contextFor({ kind: 'partner', apiKeyId: newId(), tenantId: clinic.id, scopes: [] }, clock);
    const before = (await verifyChain(app.db, clinic.id)).sealed;
    await app.db.withTenant(ctx, (m) => m.query(`UPDATE patient SET phone = '+1 555 0199' WHERE mrn = 'MRN-CHAIN-2'`));
    await eventually(async () => (await unsealed()) === 0, 20_000);
    expect((await verifyChain(app.db, clinic.id)).sealed).toBe(before + 1);
  });
});
