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
 */
export function groupReads(entries: readonly AuditEntry[], emergencyCaseIds: ReadonlySet<string>): AuditGroup[] {
  const groups = new Map<string, AuditGroup & { seen: Set<string | null> }>();
  entries.forEach((entry, index) => {
    const emergency = entry.caseId !== null && emergencyCaseIds.has(entry.caseId);
    // A read of no one record (the audit log's own) stays apart: its patient is all it names.
    const grouped = entry.action === 'read' && entry.outcome === 'ALLOWED' && entry.subjectId !== null;
    // Field names and subject types are identifiers: no '|' or ',' in any of them.
    const key = grouped ? `${entry.subjectType}|${joined(entry.fields)}|${emergency ? entry.caseId : ''}` : `#${index}`;
    let group = groups.get(key);
    if (!group) {
      group = { entry, emergency, records: [], seen: new Set() };
      groups.set(key, group);
    }
    if (group.seen.has(entry.subjectId)) return;
    group.seen.add(entry.subjectId);
    group.records.push({ subjectId: entry.subjectId, caseId: entry.caseId, patientId: entry.patientId ?? null });
  });
  return [...groups.values()];
}

/** Field lists joined, once per list: records' lists are mostly shared (fieldsRead). */
const joinedLists = new WeakMap<readonly string[], string>();
function joined(fields: readonly string[]): string {
  let text = joinedLists.get(fields);
  if (text === undefined) joinedLists.set(fields, (text = fields.join(',')));
  return text;
}
