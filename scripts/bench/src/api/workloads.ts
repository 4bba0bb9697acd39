import type { SeededClinic } from './seed';

/** One HTTP request body and its bearer token, as the load generator sends it. */
export interface BenchRequest {
  readonly body: string;
  readonly authorization?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type WorkloadName = 'dashboard' | 'partner-sync';

/**
 * The case dashboard, as the lead therapist: the case with its patient and team, the last 20
 * notes with their authors (newest first), the sessions with their vitals readings, the PHQ-9
 * trend and the follow-ups.
 */
export const DASHBOARD = `query CaseDashboard($id: ID!) {
  case(id: $id) {
    id status indication openedAt
    patient { id mrn givenName familyName dateOfBirth sex }
    careTeam { id caseRole membershipId displayName }
  }
  caseNotes(caseId: $id, page: { first: 20 }, newestFirst: true) {
    edges { node { id kind status body authorId authorName signedAt } }
  }
  caseSessions(caseId: $id) { id kind status startsAt expectedMinutes location escalation vitals { takenAt phase systolic diastolic heartRate spo2 } }
  measureTrend(caseId: $id, instrument: PHQ9) { points { total at } baseline { total } latest { total } response remission }
  caseFollowUps(caseId: $id, page: { first: 50 }) { edges { node { id title status dueAt assigneeId } } }
}`;

/** The partner sync, with a partner key: a page of 100 cases with their latest PHQ-9, and upcoming sessions. */
export const PARTNER_SYNC = `query PartnerSync($from: DateTimeISO!) {
  cases(page: { first: 100 }) {
    edges { node { id status openedAt patient { mrn } latestMeasure(instrument: PHQ9) { total band administeredAt } } }
    pageInfo { hasNextPage endCursor }
  }
  sessions(from: $from, page: { first: 100 }) {
    edges { node { id caseId kind startsAt status } }
  }
}`;

/** The requests of a workload against Tandem, rotating over every tenant's cases. */
export function tandemRequests(workload: WorkloadName, clinics: readonly SeededClinic[]): BenchRequest[] {
  if (workload === 'partner-sync') {
    const from = new Date().toISOString();
    return clinics.map((clinic) => ({ body: JSON.stringify({ query: PARTNER_SYNC, variables: { from } }), authorization: `Bearer ${clinic.partnerKey}` }));
  }
  return clinics.flatMap((clinic) =>
    clinic.caseIds.slice(0, 200).map((id) => ({ body: JSON.stringify({ query: DASHBOARD, variables: { id } }), authorization: `Bearer ${clinic.therapist.token}` })),
  );
}
