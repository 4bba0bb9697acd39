import { Pool } from 'pg';
import { preparingClient } from '@tandem/db';
import { percentile } from '../figures';
import type { SeededClinic } from './seed';
import { cpuMsOf, machineCpuMeter } from './measure';
import type { CpuMeter, WorkloadFigures } from './measure';

/**
 * The dashboard's data in one statement: the case, patient, team with names, the last 20 notes
 * with authors, sessions, PHQ-9s and open follow-ups as JSON, in a transaction with the same
 * transaction-local tenant setting (so RLS applies).
 */
export const FLOOR_SQL = `SELECT json_build_object(
  'case', (SELECT row_to_json(c) FROM (SELECT c.id, c.status, c.indication, c.opened_at, p.id AS patient_id, p.mrn, p.given_name, p.family_name, p.date_of_birth, p.sex
            FROM clinical_case c JOIN patient p ON p.tenant_id = c.tenant_id AND p.id = c.patient_id WHERE c.id = $1) c),
  'team', (SELECT json_agg(t) FROM (SELECT t.id, t.case_role, t.membership_id, u.display_name FROM care_team_member t
            JOIN membership m ON m.tenant_id = t.tenant_id AND m.id = t.membership_id JOIN app_user u ON u.id = m.user_id
            WHERE t.case_id = $1 AND t.removed_at IS NULL) t),
  'notes', (SELECT json_agg(n) FROM (SELECT n.id, n.kind, n.status, n.body, n.author_id, n.signed_at, u.display_name FROM case_note n
            JOIN membership m ON m.tenant_id = n.tenant_id AND m.id = n.author_id JOIN app_user u ON u.id = m.user_id
            WHERE n.case_id = $1 AND n.status <> 'DISCARDED' ORDER BY n.id DESC LIMIT 20) n),
  'sessions', (SELECT json_agg(s ORDER BY s.starts_at) FROM (SELECT s.id, s.kind, s.status, s.starts_at, s.expected_minutes, s.location, s.escalation,
            (SELECT json_agg(v ORDER BY v.taken_at) FROM (SELECT taken_at, phase, systolic, diastolic, heart_rate, spo2 FROM vitals_reading WHERE session_id = s.id) v) AS vitals
            FROM treatment_session s WHERE s.case_id = $1) s),
  'phq9', (SELECT json_agg(r ORDER BY r.administered_at) FROM (SELECT total, administered_at FROM measure_response WHERE case_id = $1 AND instrument = 'PHQ9') r),
  'followUps', (SELECT json_agg(f ORDER BY f.due_at) FROM (SELECT id, title, status, due_at, assignee_id FROM follow_up WHERE case_id = $1 AND status = 'OPEN') f)
) AS dashboard`;

/**
 * `connections` loops issuing the floor's four statements (BEGIN, tenant setting, the query, COMMIT)
 * for `seconds`. The two with parameters are prepared once per connection by Tandem's own client
 * class (`preparingClient`, packages/db), as the gateway's are. Sent unnamed, the dashboard's
 * statement was planned on every run, and planning it under the row-level security of eight
 * tables took a fresh connection's PostgreSQL 17 ms, three times its execution: the floor ran
 * slower than Tandem on one machine.
 */
export async function rawFloor(runtimeUrl: string, clinics: readonly SeededClinic[], connections: number, seconds: number, postgresCpu: CpuMeter): Promise<WorkloadFigures> {
  const pool = new Pool({ connectionString: runtimeUrl, max: connections, application_name: 'bench-raw-floor', Client: preparingClient() });
  const work = clinics.flatMap((clinic) => clinic.caseIds.slice(0, 200).map((id) => ({ tenantId: clinic.tenantId, userId: clinic.therapist.userId, id })));
  const durations: number[] = [];
  let next = 0;
  let errors = 0;
  const cpuBefore = process.cpuUsage();
  const machineSpent = machineCpuMeter();
  const postgresSpent = postgresCpu();
  let postgresMs = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: connections }, async () => {
        const client = await pool.connect();
        try {
          while (performance.now() < deadline) {
            const item = work[next % work.length];
            next += 1;
            if (!item) break;
            const t0 = performance.now();
            try {
              await client.query('BEGIN');
              await client.query(`SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true)`, [item.tenantId, item.userId]);
              const { rows } = await client.query<{ dashboard: { case: unknown } }>(FLOOR_SQL, [item.id]);
              await client.query('COMMIT');
              if (!rows[0]?.dashboard.case) throw new Error('no case');
              durations.push(performance.now() - t0);
            } catch {
              errors += 1;
              await client.query('ROLLBACK').catch(() => undefined);
            }
          }
        } finally {
          client.release();
        }
      }),
    );
  } finally {
    // Read before the pool closes: a backend that has ended is not counted (clusterCpuMeter).
    postgresMs = postgresSpent();
    await pool.end();
  }
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const machine = machineSpent();
  durations.sort((a, b) => a - b);
  const n = Math.max(durations.length, 1);
  return {
    requests: durations.length,
    perSecond: durations.length / elapsed,
    p50: percentile(durations, 0.5),
    p99: percentile(durations, 0.99),
    non2xx: 0,
    errors,
    seconds: elapsed,
    cpuMs: 0,
    statementsPerRequest: 4,
    serverCpuMsPerRequest: cpuMsOf(cpu) / n,
    machineCpuMsPerRequest: machine.busy / n,
    stolenMsPerRequest: machine.stolen / n,
    postgresCpuMsPerRequest: postgresMs / n,
    // The loops are the load generator and the client at once: no load generator apart.
    loadCpuMsPerRequest: 0,
  };
}
