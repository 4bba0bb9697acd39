import { groupReads } from './group-reads';
import type { AuditEntry } from './record-reads';

const read = (subjectType: string, subjectId: string | null, caseId: string | null, fields: string[] = ['body'], patientId?: string): AuditEntry => ({
  action: 'read',
  outcome: 'ALLOWED',
  subjectType,
  subjectId,
  caseId,
  fields,
  ...(patientId ? { patientId } : {}),
});

const shape = (entries: AuditEntry[], emergency: string[] = []) =>
  groupReads(entries, new Set(emergency)).map((group) => ({ type: group.entry.subjectType, emergency: group.emergency, ids: group.records.map((record) => record.subjectId) }));

describe('grouping a request’s audit events', () => {
  it('makes one event of the reads of one subject type with the same fields, in the order read', () => {
    expect(shape([read('Note', 'n1', 'c1'), read('Case', 'c1', 'c1'), read('Note', 'n2', 'c2'), read('Note', 'n3', 'c1')])).toEqual([
      { type: 'Note', emergency: false, ids: ['n1', 'n2', 'n3'] },
      { type: 'Case', emergency: false, ids: ['c1'] },
    ]);
  });

  it('keeps reads with other fields apart', () => {
    expect(shape([read('Note', 'n1', 'c1', ['body']), read('Note', 'n2', 'c1', ['body', 'kind']), read('Note', 'n3', 'c1', ['body'])])).toEqual([
      { type: 'Note', emergency: false, ids: ['n1', 'n3'] },
      { type: 'Note', emergency: false, ids: ['n2'] },
    ]);
  });

  it('names a record read twice once', () => {
    expect(shape([read('Patient', 'p1', null), read('Patient', 'p1', null), read('Patient', 'p2', null)])).toEqual([{ type: 'Patient', emergency: false, ids: ['p1', 'p2'] }]);
  });

  it('groups reads under an emergency grant by their case only, apart from the same reads without one', () => {
    expect(shape([read('Note', 'n1', 'c1'), read('Note', 'n2', 'c2'), read('Note', 'n3', 'c3'), read('Note', 'n4', 'c2'), read('Note', 'n5', 'c4')], ['c2', 'c3'])).toEqual([
      { type: 'Note', emergency: false, ids: ['n1', 'n5'] },
      { type: 'Note', emergency: true, ids: ['n2', 'n4'] },
      { type: 'Note', emergency: true, ids: ['n3'] },
    ]);
  });

  it('keeps every denial and every other action one event each, even for the same record', () => {
    const denied: AuditEntry = { ...read('Note', 'n1', 'c1'), outcome: 'DENIED' };
    const missing: AuditEntry = { ...read('Note', null, null), outcome: 'DENIED' };
    const signed: AuditEntry = { ...read('Note', 'n1', 'c1'), action: 'sign' };
    expect(shape([denied, denied, missing, missing, signed, signed]).map((group) => group.ids)).toEqual([['n1'], ['n1'], [null], [null], ['n1'], ['n1']]);
  });

  it('keeps what the caller knows of each record: its case and, when known, its patient', () => {
    const [group] = groupReads([read('Measure', 'm1', 'c1', ['total'], 'p1'), read('Measure', 'm2', 'c2', ['total'])], new Set());
    expect(group?.records).toEqual([
      { subjectId: 'm1', caseId: 'c1', patientId: 'p1' },
      { subjectId: 'm2', caseId: 'c2', patientId: null },
    ]);
  });

  it('gives a record the patient of its case when another read of the request names both, whichever comes first', () => {
    const measure = read('Measure', 'm1', 'c1', ['total']);
    const session = read('TreatmentSession', 's2', 'c2', ['startsAt']);
    const caseRead = read('Case', 'c1', 'c1', ['status'], 'p1');
    const groups = groupReads([measure, caseRead, session], new Set());
    expect(groups.map((group) => group.records)).toEqual([
      [{ subjectId: 'm1', caseId: 'c1', patientId: 'p1' }],
      [{ subjectId: 'c1', caseId: 'c1', patientId: 'p1' }],
      // No read names c2's patient: the INSERT looks it up.
      [{ subjectId: 's2', caseId: 'c2', patientId: null }],
    ]);
    // A patient the reader named is kept, and a read of no case takes none.
    const named = groupReads([caseRead, read('Measure', 'm3', 'c1', ['total'], 'p9'), read('Patient', 'p5', null, ['mrn'])], new Set());
    expect(named.map((group) => group.records[0]?.patientId)).toEqual(['p1', 'p9', null]);
  });

  it('keeps reads of no one record apart, each with its own patient', () => {
    const [first, second] = groupReads([read('AuditLog', null, null, ['auditEvents'], 'p1'), read('AuditLog', null, null, ['auditEvents'], 'p2')], new Set());
    expect([first?.records, second?.records]).toEqual([[{ subjectId: null, caseId: null, patientId: 'p1' }], [{ subjectId: null, caseId: null, patientId: 'p2' }]]);
  });

  it('makes nothing of nothing', () => {
    expect(groupReads([], new Set(['c1']))).toEqual([]);
  });
});
