import type { AuditEventView, AuditRecordView } from './audit-log';

type Cell = string | number | boolean | Date | readonly (string | null)[] | null | undefined;

/** A grouped read's records as three aligned lists (record i is of case i and patient i). */
const recordColumn = (pick: keyof AuditRecordView) => (event: AuditEventView) => event.records.map((record) => record[pick] ?? '');

const COLUMNS: readonly [string, (event: AuditEventView) => Cell][] = [
  ...(['occurredAt', 'actorKind', 'actorId', 'actingRoles', 'action', 'subjectType', 'subjectId', 'caseId', 'patientId'] as const).map(
    (name) => [name, (event: AuditEventView) => event[name]] as [string, (event: AuditEventView) => Cell],
  ),
  ['recordIds', recordColumn('subjectId')],
  ['recordCaseIds', recordColumn('caseId')],
  ['recordPatientIds', recordColumn('patientId')],
  ...(['fields', 'outcome', 'emergency', 'requestId', 'ip', 'userAgent', 'seq', 'id', 'emergencyReason'] as const).map(
    (name) => [name, (event: AuditEventView) => event[name]] as [string, (event: AuditEventView) => Cell],
  ),
];

/**
 * One cell: lists joined with `;`, times in ISO 8601, quoted when needed (RFC 4180). A cell that
 * a spreadsheet would run as a formula (=, +, -, @) is prefixed with an apostrophe: user agents
 * come from clients.
 */
function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(';') : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(events: readonly AuditEventView[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(','), ...events.map((event) => COLUMNS.map(([, value]) => cell(value(event))).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
