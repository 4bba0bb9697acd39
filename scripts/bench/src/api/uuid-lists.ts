import 'reflect-metadata';
import { eventsInsert } from '@tandem/audit';
import type { AppendingContext, AuditEntry } from '@tandem/audit';
import { newId, systemClock } from '@tandem/core';
import { pipeliningClient, encodeArrayParameters } from '@tandem/db';
import type { Statement } from '@tandem/db';
import type { Client } from 'pg';
import { median } from './ab-report';
import { benchMain } from './bench-main';
import { startBenchEngines } from './bench-servers';
import { processStat } from './measure';
import { asOwner } from './owner';

/**
 * `pnpm bench:uuid-lists`: what PostgreSQL spends reading the uuid lists a request sends, as text
 * (the array literal pg sends by default) against binary (what the gateway's pool sends since
 * 2026-12-03, packages/db binary-uuid-array.ts). Two connections as the runtime role, on one
 * embedded PostgreSQL, send the same statements with the same ids, in alternating blocks; each
 * block is charged its backend's CPU from /proc. Nothing else differs: both are the pool's own
 * client class, and the text side hands it each list already written as its literal.
 *
 * The statements: a partner sync's audit INSERT (four events of 100 records: its cases, their
 * patients, their PHQ-9s, the clinic's next sessions) in a transaction of its own, and a loader
 * matching a page's 100 keys. The audit tables are vacuumed (outside the measurement) before each
 * block, so that no block pays for merging the GIN index's pending list that another filled.
 */
const STATEMENTS = Number(process.env.BENCH_REQUESTS ?? 300);
const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 6);
const SIDES = ['text', 'binary'] as const;
type Side = (typeof SIDES)[number];

benchMain(async (stoppers, log) => {
  const engines = await startBenchEngines(stoppers, log, 'uuid-lists');
  const tenantId = newId();
  const connections = {} as Record<Side, Client>;
  for (const side of SIDES) {
    const PoolClient = pipeliningClient();
    const client = new PoolClient(engines.runtimeUrl);
    await client.connect();
    stoppers.push(() => client.end());
    connections[side] = client;
  }
  const ctx = partnerContext(tenantId);
  const workloads: { name: string; statement: () => Statement }[] = [
    { name: "a partner sync's audit INSERT (4 events × 100 records)", statement: () => eventsInsert([{ ctx, entries: partnerSyncReads() }]) },
    { name: "a loader's 100 keys", statement: () => ({ sql: `SELECT id FROM patient WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, parameters: [tenantId, ids(100)] }) },
  ];
  for (const workload of workloads) {
    const perStatement: Record<Side, number[]> = { text: [], binary: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const side of round % 2 === 0 ? SIDES : [...SIDES].reverse()) {
        await asOwner(engines.ownerUrl, (owner) => owner.query('VACUUM audit_event, audit_unsealed'));
        perStatement[side].push(await block(connections[side], side, tenantId, workload.statement));
      }
    }
    report(workload.name, perStatement);
  }
});

/** STATEMENTS statements, each in a transaction of the tenant's: the backend's CPU per statement, in ms. */
async function block(client: Client, side: Side, tenantId: string, statement: () => Statement): Promise<number> {
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
  if (pid === undefined) throw new Error('no backend');
  const cpuMs = () => processStat(pid)?.cpuMs ?? Number.NaN;
  const before = cpuMs();
  for (let i = 0; i < STATEMENTS; i += 1) {
    const { sql, parameters } = statement();
    await client.query(`BEGIN; SET LOCAL app.tenant_id = '${tenantId}'`);
    // The text side writes each list as its literal first: the pool's client then sends it as text.
    await client.query(sql, side === 'text' ? [...encodeArrayParameters(parameters)] : [...parameters]);
    await client.query('COMMIT');
  }
  return (cpuMs() - before) / STATEMENTS;
}

function report(name: string, perStatement: Record<Side, number[]>): void {
  const lower = perStatement.binary.filter((binary, round) => binary < (perStatement.text[round] ?? Number.NaN)).length;
  console.log(`${name}: PostgreSQL CPU per statement, median of ${ROUNDS} rounds of ${STATEMENTS}`);
  console.log(`  uuid lists as text ${median(perStatement.text).toFixed(3)} ms, in binary ${median(perStatement.binary).toFixed(3)} ms; binary lower in ${lower} of ${ROUNDS} rounds`);
  console.log(`  by round, text:   ${perStatement.text.map((ms) => ms.toFixed(3)).join(' ')}`);
  console.log(`  by round, binary: ${perStatement.binary.map((ms) => ms.toFixed(3)).join(' ')}`);
}

/** A partner's request as the audit reads it (no token, no ability: eventsInsert reads neither). */
function partnerContext(tenantId: string): AppendingContext {
  return { tenantId, principal: { kind: 'partner', apiKeyId: newId(), tenantId, scopes: [] }, clock: systemClock, requestId: newId(), client: { ip: '127.0.0.1', userAgent: 'bench' } };
}

/** What a partner sync reads: a page of 100 cases, their patients and latest PHQ-9, and 100 upcoming sessions of other cases. */
function partnerSyncReads(): AuditEntry[] {
  const cases = ids(100);
  const patients = ids(100);
  const read = (subjectType: string, fields: string[], subjectId: string, caseId: string, patientId: string | null): AuditEntry => ({
    action: 'read',
    outcome: 'ALLOWED',
    subjectType,
    subjectId,
    caseId,
    patientId,
    fields,
  });
  return [
    ...cases.map((id, i) => read('Case', ['status'], id, id, patients[i] ?? null)),
    ...patients.map((id, i) => read('Patient', ['mrn'], id, cases[i] ?? '', id)),
    ...cases.map((id, i) => read('Measure', ['total'], newId(), id, patients[i] ?? null)),
    ...cases.map(() => read('TreatmentSession', ['kind', 'startsAt'], newId(), newId(), newId())),
  ];
}

function ids(count: number): string[] {
  return Array.from({ length: count }, () => newId());
}
