import { chainHash, eventContentSql, verifyChain } from '@tandem/audit';
import { ManualClock, newId } from '@tandem/core';
import { contextFor, eventually } from '@tandem/testing';
import { createClinic, gql } from './support/clinic-fixture';
import type { Clinic } from './support/clinic-fixture';
import { openCase, registerPatient } from './support/case-fixture';
import { ownerQuery, ownerRolledBack, startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';
import { startTestWorker } from './support/test-worker';
import type { TestWorker } from './support/test-worker';

const GUARDS = [
  ['audit_event', 'audit_event_immutable'],
  ['audit_seal', 'audit_seal_append_only'],
] as const;

/**
 * audit_event's content as every seal encoded it before content formats (migration
 * 1767300000000), kept here as the definition that format 1 must go on matching.
 */
const CONTENT_BEFORE_FORMATS = `((jsonb_build_array(
  tenant_id, id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor_kind, actor_id, acting_roles, action,
  subject_type, subject_id, case_id, patient_id, fields, outcome, request_id, ip, user_agent, emergency
) || CASE WHEN subject_ids IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(jsonb_build_array(subject_ids, case_ids, patient_ids)) END)::text)`;

/** As the database's superuser, with the append-only triggers off: what a tampering DBA could do. */
const tamper = (app: TestGateway, sql: string) => {
  const guards = (verb: string) => GUARDS.map(([table, trigger]) => `ALTER TABLE ${table} ${verb} TRIGGER ${trigger}`).join('; ');
  return ownerQuery(app, `BEGIN; ${guards('DISABLE')}; ${sql}; ${guards('ENABLE')}; COMMIT`, []);
};

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

  const unsealed = async () => (await ownerQuery<{ n: number }>(app, `SELECT count(*)::int AS n FROM audit_unsealed WHERE tenant_id = $1`, [clinic.id]))[0]?.n;
  const bySeq = async (seq: number) => (await ownerQuery<{ id: string }>(app, `SELECT event_id AS id FROM audit_seal WHERE tenant_id = $1 AND seq = $2`, [clinic.id, seq]))[0];

  it('seals every event of the clinic in order, each hash chained to the previous one', async () => {
    await eventually(async () => (await unsealed()) === 0, 20_000);
    const chain = await ownerQuery<{ seq: string; prev_hash: string | null; hash: string; event_id: string }>(
      app,
      `SELECT seq, prev_hash, hash, event_id FROM audit_seal WHERE tenant_id = $1 ORDER BY seq`,
      [clinic.id],
    );
    expect(chain.length).toBeGreaterThanOrEqual(5);
    // Every event of the clinic sealed, once.
    const events = await ownerQuery<{ id: string }>(app, `SELECT id FROM audit_event WHERE tenant_id = $1`, [clinic.id]);
    expect(chain.map((link) => link.event_id).sort()).toEqual(events.map((event) => event.id).sort());
    expect(chain.map((link) => Number(link.seq))).toEqual(chain.map((_, index) => index + 1));
    expect(chain[0]?.prev_hash).toBeNull();
    chain.slice(1).forEach((link, index) => expect(link.prev_hash).toBe(chain[index]?.hash));
    const report = await verifyChain(app.db, clinic.slug);
    expect(report).toEqual({ tenantId: clinic.id, sealed: chain.length, unsealed: 0, unchained: 0, broken: null });
    // This release seals in content format 2 (migration 1767300000000).
    expect(await ownerQuery(app, `SELECT DISTINCT content_format FROM audit_seal WHERE tenant_id = $1`, [clinic.id])).toEqual([{ content_format: 2 }]);
  });

  it('encodes every event in content format 1 exactly as seals made before the formats existed did', async () => {
    const [same] = await ownerQuery<{ events: number; grouped: number; same: number }>(
      app,
      `SELECT count(*)::int AS events, count(*) FILTER (WHERE subject_ids IS NOT NULL)::int AS grouped,
              count(*) FILTER (WHERE ${eventContentSql('1')} = ${CONTENT_BEFORE_FORMATS})::int AS same
       FROM audit_event WHERE tenant_id = $1`,
      [clinic.id],
    );
    expect(same?.grouped).toBeGreaterThan(0);
    expect(same?.same).toBe(same?.events);
  });

  it('tells apart, in content format 2, lists that hold the same ids in other places, or none', async () => {
    const [event] = await ownerQuery<{ id: string }>(app, `SELECT id FROM audit_event WHERE tenant_id = $1 LIMIT 1`, [clinic.id]);
    const [a, b] = [newId(), newId()];
    const variants = [
      ['ARRAY[$2::uuid]', 'NULL::uuid[]', 'ARRAY[$3::uuid]'],
      ['ARRAY[$2::uuid]', 'ARRAY[$3::uuid]', 'NULL::uuid[]'],
      ['ARRAY[$2::uuid]', "'{}'::uuid[]", 'ARRAY[$3::uuid]'],
      ['ARRAY[$2::uuid, $3::uuid]', 'NULL::uuid[]', 'NULL::uuid[]'],
      ['ARRAY[$2::uuid]', 'ARRAY[$3::uuid]', 'ARRAY[NULL::uuid]'],
      ['ARRAY[$3::uuid]', 'ARRAY[$2::uuid]', 'ARRAY[NULL::uuid]'],
    ];
    const contents = await ownerQuery<{ content: string }>(
      app,
      `SELECT ${eventContentSql('2')} AS content FROM (
         SELECT e.tenant_id, e.id, e.occurred_at, e.actor_kind, e.actor_id, e.acting_roles, e.action, e.subject_type, e.subject_id, e.case_id,
                e.patient_id, e.fields, e.outcome, e.request_id, e.ip, e.user_agent, e.emergency, v.subject_ids, v.case_ids, v.patient_ids
         FROM audit_event e, (VALUES ${variants.map((lists) => `(${lists.join(', ')})`).join(', ')}) AS v (subject_ids, case_ids, patient_ids)
         WHERE e.tenant_id = $4 AND e.id = $1) audit_event`,
      [event?.id, a, b, clinic.id],
    );
    expect(contents).toHaveLength(variants.length);
    expect(new Set(contents.map((row) => row.content)).size).toBe(variants.length);
  });

  it('refuses to change or remove a seal, or to seal an event twice, even to the sealer', async () => {
    const first = await bySeq(1);
    const asSealer = (sql: string, params: unknown[] = []) => app.db.asSystem('audit-seal', (m) => m.query(sql, params));
    await expect(asSealer(`UPDATE audit_seal SET hash = 'forged' WHERE tenant_id = $1 AND seq = 1`, [clinic.id])).rejects.toThrow(/permission denied/);
    await expect(asSealer(`DELETE FROM audit_seal WHERE tenant_id = $1`, [clinic.id])).rejects.toThrow(/permission denied/);
    await expect(asSealer(`UPDATE audit_event SET outcome = 'DENIED' WHERE id = $1`, [first?.id])).rejects.toThrow(/permission denied/);
    await expect(
      asSealer(`INSERT INTO audit_seal (tenant_id, seq, event_id, prev_hash, hash, sealed_at) VALUES ($1, 1000000, $2, 'x', 'x', now())`, [clinic.id, first?.id]),
    ).rejects.toThrow(/audit_seal_once/);
  });

  /**
   * `sql` run as tandem_system granted every privilege on both tables, in one transaction rolled
   * back: the guards themselves, which the grants otherwise keep from being reached.
   */
  const asOverGrantedSealer = (sql: string) =>
    ownerRolledBack(app, [`GRANT ALL ON audit_event, audit_seal TO tandem_system`, `SET LOCAL ROLE tandem_system`, sql]);

  it('refuses every UPDATE and DELETE of an event and of a seal in the database itself, whatever the grants', async () => {
    const first = await bySeq(1);
    for (const sql of [
      `UPDATE audit_event SET fields = '{mrn,phone}' WHERE id = '${first?.id}'`,
      `UPDATE audit_event SET fields = fields WHERE id = '${first?.id}'`,
      `DELETE FROM audit_event WHERE id = '${first?.id}'`,
      `UPDATE audit_seal SET hash = hash WHERE tenant_id = '${clinic.id}'`,
      `DELETE FROM audit_seal WHERE tenant_id = '${clinic.id}'`,
      `TRUNCATE audit_seal`,
    ]) {
      await expect(asOverGrantedSealer(sql)).rejects.toThrow(/append-only/);
    }
    expect(await asOverGrantedSealer(`SELECT count(*)::int AS n FROM audit_seal WHERE tenant_id = '${clinic.id}'`)).toEqual([{ n: expect.any(Number) }]);
  });

  it("covers every record of a grouped read: changing the patients it names breaks that event's link", async () => {
    const [grouped] = await ownerQuery<{ id: string; seq: string; patient_ids: string[] }>(
      app,
      `SELECT e.id, s.seq, e.patient_ids FROM audit_event e LEFT JOIN audit_seal s ON s.tenant_id = e.tenant_id AND s.event_id = e.id
       WHERE e.tenant_id = $1 AND e.subject_type = 'Patient' AND e.action = 'read' AND cardinality(e.subject_ids) = 4`,
      [clinic.id],
    );
    expect(grouped?.seq).not.toBeNull();
    const original = `'{${grouped?.patient_ids.join(',')}}'`;
    await tamper(app, `UPDATE audit_event SET patient_ids = patient_ids[2:] || patient_ids[1:1] WHERE id = '${grouped?.id}'`);
    expect((await verifyChain(app.db, clinic.id)).broken).toEqual({ seq: Number(grouped?.seq), eventId: grouped?.id, problem: expect.stringMatching(/hash does not match the content/) });
    await tamper(app, `UPDATE audit_event SET patient_ids = ${original} WHERE id = '${grouped?.id}'`);
    expect((await verifyChain(app.db, clinic.id)).broken).toBeNull();
  });

  /** Recomputes every link from `seq` on, each in its own seal's format: what a sealer would have written. */
  const relinkFrom = async (seq: number) => {
    const links = await ownerQuery<{ seq: string; prev_hash: string | null; content: string }>(
      app,
      `SELECT s.seq, s.prev_hash, e.content FROM audit_seal s
       JOIN LATERAL (SELECT ${eventContentSql('s.content_format')} AS content FROM audit_event WHERE tenant_id = s.tenant_id AND id = s.event_id) e ON true
       WHERE s.tenant_id = $1 AND s.seq >= $2 ORDER BY s.seq`,
      [clinic.id, seq],
    );
    let prevHash = links[0]?.prev_hash ?? null;
    const updates = links.map((link) => {
      const hash = chainHash(prevHash, link.content);
      const update = `UPDATE audit_seal SET prev_hash = ${prevHash === null ? 'NULL' : `'${prevHash}'`}, hash = '${hash}' WHERE tenant_id = '${clinic.id}' AND seq = ${link.seq}`;
      prevHash = hash;
      return update;
    });
    await tamper(app, updates.join('; '));
  };

  it("verifies a chain that mixes content formats, as a sealer of the previous release leaves it, and format 1 still covers a grouped read's records", async () => {
    await gql(app, `{ patients(search: "Lovelace", page: { first: 10 }) { count } }`, {}, clinic.admin.accessToken);
    await eventually(async () => (await unsealed()) === 0, 20_000);
    const [grouped] = await ownerQuery<{ id: string; seq: string }>(
      app,
      `SELECT e.id, s.seq FROM audit_event e JOIN audit_seal s ON s.tenant_id = e.tenant_id AND s.event_id = e.id
       WHERE e.tenant_id = $1 AND e.subject_type = 'Patient' AND cardinality(e.subject_ids) = 4 ORDER BY s.seq DESC LIMIT 1`,
      [clinic.id],
    );
    const seq = Number(grouped?.seq);
    const setFormat = (format: number) => tamper(app, `UPDATE audit_seal SET content_format = ${format} WHERE tenant_id = '${clinic.id}' AND seq = ${seq}`);
    await setFormat(1);
    await relinkFrom(seq);
    const before = await verifyChain(app.db, clinic.id);
    expect(before.broken).toBeNull();
    expect(await ownerQuery(app, `SELECT content_format, count(*)::int AS n FROM audit_seal WHERE tenant_id = $1 GROUP BY 1 ORDER BY 1`, [clinic.id])).toEqual([
      { content_format: 1, n: 1 },
      { content_format: 2, n: before.sealed - 1 },
    ]);

    const brokenHere = { seq, eventId: grouped?.id, problem: expect.stringMatching(/hash does not match the content/) };
    await tamper(app, `UPDATE audit_event SET patient_ids = patient_ids[2:] || patient_ids[1:1] WHERE id = '${grouped?.id}'`);
    expect((await verifyChain(app.db, clinic.id)).broken).toEqual(brokenHere);
    await tamper(app, `UPDATE audit_event SET patient_ids = patient_ids[4:] || patient_ids[1:3] WHERE id = '${grouped?.id}'`);
    expect((await verifyChain(app.db, clinic.id)).broken).toBeNull();

    // The format is part of what the hash covers: a seal's format changed alone breaks its link.
    await setFormat(2);
    expect((await verifyChain(app.db, clinic.id)).broken).toEqual(brokenHere);
    await setFormat(1);
    expect(await verifyChain(app.db, clinic.id)).toEqual(before);
  });

  it('reports the first broken link when a sealed event is changed, reordered or deleted', async () => {
    const second = await bySeq(2);
    await tamper(app, `UPDATE audit_event SET outcome = 'DENIED' WHERE id = '${second?.id}'`);
    expect((await verifyChain(app.db, clinic.id)).broken).toEqual({ seq: 2, eventId: second?.id, problem: expect.stringMatching(/hash does not match the content/) });
    await tamper(app, `UPDATE audit_event SET outcome = 'ALLOWED' WHERE id = '${second?.id}'`);
    expect((await verifyChain(app.db, clinic.id)).broken).toBeNull();

    const [third, fourth] = [await bySeq(3), await bySeq(4)];
    const renumber = (eventId: string | undefined, seq: number) => `UPDATE audit_seal SET seq = ${seq} WHERE tenant_id = '${clinic.id}' AND event_id = '${eventId}'`;
    await tamper(app, [renumber(third?.id, 999_999), renumber(fourth?.id, 3), renumber(third?.id, 4)].join('; '));
    expect((await verifyChain(app.db, clinic.id)).broken).toEqual({ seq: 3, eventId: fourth?.id, problem: expect.stringMatching(/prev_hash is not the hash of seq 2/) });
    await tamper(app, [renumber(third?.id, 999_999), renumber(fourth?.id, 4), renumber(third?.id, 3)].join('; '));
    expect((await verifyChain(app.db, clinic.id)).broken).toBeNull();

    await tamper(app, `DELETE FROM audit_event WHERE id = '${second?.id}'`);
    expect((await verifyChain(app.db, clinic.id)).broken).toEqual({ seq: 2, eventId: second?.id, problem: expect.stringMatching(/the sealed event is missing/) });
    await tamper(app, `DELETE FROM audit_seal WHERE event_id = '${second?.id}'`);
    expect((await verifyChain(app.db, clinic.id)).broken).toEqual({ seq: 3, eventId: third?.id, problem: expect.stringMatching(/sequence gap: expected seq 2/) });
  });

  it("takes a queue row naming no event, or a sealed one, off the queue without a seal; reports an event taken off by hand", async () => {
    const ctx = contextFor({ kind: 'partner', apiKeyId: newId(), tenantId: clinic.id, scopes: [] }, clock);
    const before = await verifyChain(app.db, clinic.id);
    const first = await bySeq(1);
    // What only the runtime role's INSERT grant on the queue could do.
    await app.db.withTenant(ctx, (m) =>
      m.query(`INSERT INTO audit_unsealed (tenant_id, occurred_at, event_id) VALUES ($1, now(), $2), ($1, now(), $3)`, [clinic.id, first?.id, newId()]),
    );
    await eventually(async () => (await unsealed()) === 0, 20_000);
    expect(await verifyChain(app.db, clinic.id)).toEqual(before);

    // An event appended and taken off the queue in one transaction: never sealed, and reported.
    await ownerQuery(app, `BEGIN; UPDATE patient SET phone = '+1 555 0142' WHERE mrn = 'MRN-CHAIN-3'; DELETE FROM audit_unsealed WHERE tenant_id = '${clinic.id}'; COMMIT`, []);
    expect(await verifyChain(app.db, clinic.id)).toEqual({ ...before, unchained: 1 });
  });

  it('keeps sealing events that arrive later, after the last link', async () => {
    const ctx = contextFor({ kind: 'partner', apiKeyId: newId(), tenantId: clinic.id, scopes: [] }, clock);
    const before = (await verifyChain(app.db, clinic.id)).sealed;
    await app.db.withTenant(ctx, (m) => m.query(`UPDATE patient SET phone = '+1 555 0199' WHERE mrn = 'MRN-CHAIN-2'`));
    await eventually(async () => (await unsealed()) === 0, 20_000);
    expect((await verifyChain(app.db, clinic.id)).sealed).toBe(before + 1);
  });
});
