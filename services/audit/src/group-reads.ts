import type { AuditEntry } from './record-reads';

/** Records of one event: one, or for a grouped read several (see groupReads). */
export interface AuditGroup {
  readonly entry: AuditEntry;
  readonly emergency: boolean;
  readonly records: { subjectId: string | null; caseId: string | null; patientId: string | null }[];
}

/**
 * Groups a request's reads: reads of one subject type with the same fields become ONE event that
 * lists every record (a record read twice is listed once). A read under an emergency-access grant
 * is grouped with reads of its own case only, so that the event names the case whose grant
 * explains it. Denials, the other actions and reads of no one record stay one event each.
 *
 * A record whose reader did not know its patient takes the patient of its case when another
 * entry of the request names both (a partner's page of cases names each case's patient; its
 * PHQ-9s and sessions then need no lookup in the INSERT). Otherwise the INSERT looks it up.
 */
export function groupReads(entries: readonly AuditEntry[], emergencyCaseIds: ReadonlySet<string>): AuditGroup[] {
  const groups = new Map<string, AuditGroup & { seen: Set<string | null> }>();
  const patientOfCase = casePatients(entries);
  entries.forEach((entry, index) => {
    const emergency = entry.caseId !== null && emergencyCaseIds.has(entry.caseId);
    // A read of no one record (the audit log's own) stays apart: its patient is all it names.
    const grouped = entry.action === 'read' && entry.outcome === 'ALLOWED' && entry.subjectId !== null;
    const key = grouped ? groupKey(entry.subjectType, entry.fields) + (emergency ? entry.caseId : '') : `#${index}`;
    let group = groups.get(key);
    if (!group) {
      group = { entry, emergency, records: [], seen: new Set() };
      groups.set(key, group);
    }
    if (group.seen.has(entry.subjectId)) return;
    group.seen.add(entry.subjectId);
    const patientId = entry.patientId ?? (entry.caseId === null ? null : (patientOfCase.get(entry.caseId) ?? null));
    group.records.push({ subjectId: entry.subjectId, caseId: entry.caseId, patientId });
  });
  return [...groups.values()];
}

/** Each case's patient, as the entries that name both tell it (a case has one patient, for good). */
function casePatients(entries: readonly AuditEntry[]): Map<string, string> {
  const patients = new Map<string, string>();
  for (const entry of entries) if (entry.caseId && entry.patientId) patients.set(entry.caseId, entry.patientId);
  return patients;
}

/**
 * "type|fields|", built once per field list and subject type: records' lists are mostly shared
 * (fieldsRead), and a partner's page of 400 reads built and hashed 400 new keys. Field names and
 * subject types are identifiers: no '|' or ',' in any of them.
 */
const groupKeys = new WeakMap<readonly string[], Map<string, string>>();
function groupKey(subjectType: string, fields: readonly string[]): string {
  let byType = groupKeys.get(fields);
  if (!byType) groupKeys.set(fields, (byType = new Map<string, string>()));
  let key = byType.get(subjectType);
  if (key === undefined) byType.set(subjectType, (key = `${subjectType}|${fields.join(',')}|`));
  return key;
}
