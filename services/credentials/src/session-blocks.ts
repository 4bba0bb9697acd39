import { countsOn, isUsState, readiness } from '@tandem/clinical';
import type { ReadinessRole, Requirement } from '@tandem/clinical';
import type { EntityManager } from '@tandem/db';
import { clinicTimeZone, credentialsOf, dayIn } from './credential-record';
import type { CredentialView } from './credential-record';
import { clinicProgramme } from './programme.service';

/**
 * "Blocked: credential expires": a participant of a scheduled dosing session who meets a
 * requirement of their part today but will not on the session's day, because a credential that
 * counts today expires before it (docs/credentials.md, "Blocked sessions").
 */
export interface CredentialBlock {
  readonly sessionId: string;
  readonly caseId: string;
  readonly membershipId: string;
  readonly part: ReadinessRole;
  /** What they will be missing on the session's day and meet today, named as the gates name it. */
  readonly requirements: Requirement[];
  /** The earliest expiry before the session's day among their credentials that count today. */
  readonly expiresOn: string;
}

/** The session's part of each care-team role the gates check. */
const PART_OF: Readonly<Record<string, ReadinessRole>> = {
  LEAD_THERAPIST: 'FACILITATOR',
  CO_THERAPIST: 'FACILITATOR',
  MONITORING_NURSE: 'MONITORING_NURSE',
  PRESCRIBER_OF_RECORD: 'PRESCRIBER',
};

interface Participant {
  sessionId: string;
  caseId: string;
  startsAt: Date;
  membershipId: string;
  caseRole: string;
  patientState: string | null;
}

// Scheduled dosing sessions still ahead, each participant once per gated role they hold on the case.
const PARTICIPANTS = `SELECT s.id AS "sessionId", s.case_id AS "caseId", s.starts_at AS "startsAt", t.membership_id AS "membershipId", t.case_role AS "caseRole", p.state AS "patientState"
  FROM treatment_session s JOIN clinical_case c ON c.id = s.case_id JOIN patient p ON p.id = c.patient_id
  JOIN care_team_member t ON t.case_id = s.case_id AND t.removed_at IS NULL AND t.membership_id = ANY(s.participant_ids) AND t.case_role = ANY($2::text[])
  WHERE s.kind = 'DOSING' AND s.status = 'SCHEDULED' AND s.starts_at > $1`;

/** The blocks of these sessions (any others are ignored): three statements whatever their number. */
export async function blocksOfSessions(m: EntityManager, now: Date, sessionIds: readonly string[]): Promise<CredentialBlock[]> {
  if (sessionIds.length === 0) return [];
  const participants = await m.query<Participant[]>(`${PARTICIPANTS} AND s.id = ANY($3::uuid[]) ORDER BY s.id, t.membership_id`, [now, Object.keys(PART_OF), sessionIds]);
  return blocksOf(m, now, participants);
}

/** Every block of the clinic's sessions still ahead (the sweep). */
export async function upcomingBlocks(m: EntityManager, now: Date): Promise<CredentialBlock[]> {
  const participants = await m.query<Participant[]>(`${PARTICIPANTS} ORDER BY s.starts_at, s.id, t.membership_id`, [now, Object.keys(PART_OF)]);
  return blocksOf(m, now, participants);
}

async function blocksOf(m: EntityManager, now: Date, participants: readonly Participant[]): Promise<CredentialBlock[]> {
  if (participants.length === 0) return [];
  const members = [...new Set(participants.map((p) => p.membershipId))];
  // One after another: the statements share the request's connection.
  const credentials = await credentialsOf(m, members);
  const { programme } = await clinicProgramme(m);
  const timeZone = await clinicTimeZone(m);
  const today = dayIn(timeZone, now);
  return participants.flatMap((participant) => {
    const part = PART_OF[participant.caseRole];
    if (!part) return [];
    const held = credentials.filter((c) => c.membershipId === participant.membershipId);
    const day = dayIn(timeZone, participant.startsAt);
    // Prescribers are checked against the patient's state, as the dose gate checks them.
    const state = part === 'PRESCRIBER' ? (participant.patientState !== null && isUsState(participant.patientState) ? participant.patientState : null) : undefined;
    const missingToday = new Set(readiness(part, held, programme, today, state).missing);
    const requirements = readiness(part, held, programme, day, state).missing.filter((r) => !missingToday.has(r));
    const expiresOn = earliestLapse(held, today, day);
    if (requirements.length === 0 || expiresOn === null) return [];
    return [{ sessionId: participant.sessionId, caseId: participant.caseId, membershipId: participant.membershipId, part, requirements, expiresOn }];
  });
}

function earliestLapse(held: readonly CredentialView[], today: string, day: string): string | null {
  const lapsing = held.filter((c) => countsOn(c, today) && c.expiresOn !== null && c.expiresOn < day).map((c) => c.expiresOn as string);
  return lapsing.length === 0 ? null : lapsing.reduce((a, b) => (a < b ? a : b));
}
