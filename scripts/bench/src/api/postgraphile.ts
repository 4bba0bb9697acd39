import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import type { PoolClient } from 'pg';
import { postgraphile } from 'postgraphile';
import ConnectionFilterPlugin from 'postgraphile-plugin-connection-filter';
import type { BenchRequest, WorkloadName } from './workloads';
import type { SeededClinic } from './seed';

export interface PostGraphileServer {
  readonly url: string;
  /** Statements sent by its pool since it started. */
  statements(): number;
  close(): Promise<void>;
}

/**
 * PostGraphile 4 over the same database as the runtime role (so RLS applies), with the same
 * tenant setting as Tandem's withTenant: `app.tenant_id` and `app.user_id`, transaction-local,
 * taken from the X-Tenant-Id and X-User-Id headers (no authentication, no authorisation beyond
 * RLS, no audit: what PostGraphile does out of the box). Statements are counted per client.
 */
export async function startPostGraphile(runtimeUrl: string, poolSize: number): Promise<PostGraphileServer> {
  const pool = new Pool({ connectionString: runtimeUrl, max: poolSize, application_name: 'bench-postgraphile' });
  let statements = 0;
  pool.on('connect', (client: PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      statements += 1;
      return query(...args);
    };
  });
  const handler = postgraphile(pool, 'public', {
    appendPlugins: [ConnectionFilterPlugin],
    disableQueryLog: true,
    disableDefaultMutations: true,
    retryOnInitFail: false,
    graphqlRoute: '/graphql',
    pgSettings: (request) => ({ 'app.tenant_id': String(request.headers['x-tenant-id'] ?? ''), 'app.user_id': String(request.headers['x-user-id'] ?? '') }),
  });
  await handler.getGraphQLSchema();
  const server = http.createServer((request, response) => void handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    statements: () => statements,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

/** The dashboard in PostGraphile's generated schema: the same fields, by foreign keys. */
export const PG_DASHBOARD = `query CaseDashboard($tenantId: UUID!, $id: UUID!) {
  case: clinicalCaseByTenantIdAndId(tenantId: $tenantId, id: $id) {
    id status indication openedAt
    patient: patientByTenantIdAndPatientId { id mrn givenName familyName dateOfBirth sex }
    careTeam: careTeamMembersByTenantIdAndCaseId(condition: { removedAt: null }) { nodes { id caseRole membershipId membership: membershipByTenantIdAndMembershipId { appUserByUserId { displayName } } } }
    notes: caseNotesByTenantIdAndCaseId(orderBy: ID_DESC, first: 20, filter: { status: { notEqualTo: "DISCARDED" } }) {
      nodes { id kind status body authorId signedAt author: membershipByTenantIdAndAuthorId { appUserByUserId { displayName } } }
    }
    sessions: treatmentSessionsByTenantIdAndCaseId(orderBy: STARTS_AT_ASC) { nodes { id kind status startsAt expectedMinutes location escalation vitals: vitalsReadingsByTenantIdAndSessionId(orderBy: TAKEN_AT_ASC) { nodes { takenAt phase systolic diastolic heartRate spo2 } } } }
    phq9: measureResponsesByTenantIdAndCaseId(condition: { instrument: "PHQ9" }, orderBy: ADMINISTERED_AT_ASC) { nodes { total administeredAt } }
    followUps: followUpsByTenantIdAndCaseId(condition: { status: "OPEN" }, orderBy: DUE_AT_ASC, first: 50) { nodes { id title status dueAt assigneeId } }
  }
}`;

/** The partner sync in PostGraphile's schema: 100 cases with the latest PHQ-9, and upcoming sessions. */
export const PG_PARTNER_SYNC = `query PartnerSync($from: Datetime!) {
  cases: allClinicalCases(first: 100, orderBy: PRIMARY_KEY_ASC) {
    nodes { id status openedAt patient: patientByTenantIdAndPatientId { mrn } latest: measureResponsesByTenantIdAndCaseId(condition: { instrument: "PHQ9" }, orderBy: ADMINISTERED_AT_DESC, first: 1) { nodes { total band administeredAt } } }
    pageInfo { hasNextPage endCursor }
  }
  sessions: allTreatmentSessions(filter: { startsAt: { greaterThanOrEqualTo: $from } }, orderBy: [STARTS_AT_ASC, ID_ASC], first: 100) {
    nodes { id caseId kind startsAt status }
  }
}`;

/** The requests of a workload against PostGraphile, rotating as Tandem's do. */
export function postGraphileRequests(workload: WorkloadName, clinics: readonly SeededClinic[]): BenchRequest[] {
  const headers = (clinic: SeededClinic) => ({ 'x-tenant-id': clinic.tenantId, 'x-user-id': clinic.therapist.userId });
  if (workload === 'partner-sync') {
    const from = new Date().toISOString();
    return clinics.map((clinic) => ({ body: JSON.stringify({ query: PG_PARTNER_SYNC, variables: { from } }), headers: headers(clinic) }));
  }
  return clinics.flatMap((clinic) => clinic.caseIds.slice(0, 200).map((id) => ({ body: JSON.stringify({ query: PG_DASHBOARD, variables: { tenantId: clinic.tenantId, id } }), headers: headers(clinic) })));
}
