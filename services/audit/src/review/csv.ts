import type { AuditEventView } from './audit-log';

const COLUMNS: readonly (keyof AuditEventView)[] = [
  'occurredAt', 'actorKind', 'actorId', 'actingRoles', 'action', 'subjectType', 'subjectId', 'caseId', 'patientId', 'fields', 'outcome', 'emergency',
  'requestId', 'ip', 'userAgent', 'seq', 'id', 'emergencyReason',
];

/**
 * One cell: lists joined with `;`, times in ISO 8601, quoted when needed (RFC 4180). A cell that
 * a spreadsheet would run as a formula (=, +, -, @) is prefixed with an apostrophe: user agents
 * come from clients.
 */
function cell(value: AuditEventView[keyof AuditEventView]): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(';') : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(events: readonly AuditEventView[]): string {
  const lines = [COLUMNS.join(','), ...events.map((event) => COLUMNS.map((column) => cell(event[column])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
