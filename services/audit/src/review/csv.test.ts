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
  records: [{ subjectId: '0190a000-0000-7000-8000-000000000003', caseId: null, patientId: null }],
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
    expect(header?.split(',')).toEqual([
      'occurredAt', 'actorKind', 'actorId', 'actingRoles', 'action', 'subjectType', 'subjectId', 'caseId', 'patientId', 'recordIds', 'recordCaseIds',
      'recordPatientIds', 'fields', 'outcome', 'emergency', 'requestId', 'ip', 'userAgent', 'seq', 'id', 'emergencyReason',
    ]);
    expect(line).toContain('2026-05-03T10:00:00.123Z,user,0190a000-0000-7000-8000-000000000002,PRESCRIBER;THERAPIST,read,Note');
    expect(line).toContain(',body;kind,ALLOWED,false,req-1,10.0.0.1,');
    expect(end).toBe('');
  });

  it("lists a grouped read's records in three aligned columns, an unknown case or patient as an empty item", () => {
    const grouped: AuditEventView = {
      ...event,
      subjectId: null,
      records: [
        { subjectId: 'a1', caseId: 'c1', patientId: 'p1' },
        { subjectId: 'a2', caseId: null, patientId: 'p2' },
      ],
    };
    const [, line] = toCsv([grouped]).split('\r\n');
    expect(line).toContain(',Note,,,,a1;a2,c1;,p1;p2,body;kind,');
  });

  it('quotes cells with commas or quotes and defuses spreadsheet formulas', () => {
    expect(toCsv([event])).toContain(`,"'=HYPERLINK(""http://x"",""y""), evil",7,0190a000-0000-7000-8000-000000000001,`);
  });
});
