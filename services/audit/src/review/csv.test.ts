import { toCsv } from './csv';
import type { AuditEventView } from './audit-log';

const event: AuditEventView = {
  id: '0190a000-0000-7000-8000-000000000001',
  occurredAt: new Date('2026-05-03T10:00:00.123Z'),
  actorKind: 'user',
  actorId: '0190a000-0000-7000-8000-000000000002',
  actingRoles: ['PRESCRIBER', 'THERAPIST'],
  action: 'read',
  subjectType: 'Note',
  subjectId: '0190a000-0000-7000-8000-000000000003',
  caseId: null,
  patientId: null,
  fields: ['body', 'kind'],
  outcome: 'ALLOWED',
  emergency: false,
  requestId: 'req-1',
  ip: '10.0.0.1',
  userAgent: '=HYPERLINK("http://x","y"), evil',
  seq: 7,
  emergencyReason: null,
};

describe('audit CSV', () => {
  it('writes a header, one CRLF line per event, lists joined with ; and ISO times', () => {
    const [header, line, end] = toCsv([event]).split('\r\n');
    expect(header?.split(',')).toHaveLength(18);
    expect(line).toContain('2026-05-03T10:00:00.123Z,user,0190a000-0000-7000-8000-000000000002,PRESCRIBER;THERAPIST,read,Note');
    expect(line).toContain(',body;kind,ALLOWED,false,req-1,10.0.0.1,');
    expect(end).toBe('');
  });

  it('quotes cells with commas or quotes and defuses spreadsheet formulas', () => {
    expect(toCsv([event])).toContain(`,"'=HYPERLINK(""http://x"",""y""), evil",7,0190a000-0000-7000-8000-000000000001,`);
  });
});
