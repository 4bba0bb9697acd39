import { decode, encode, inputHash } from '../src/idempotency';

describe('idempotency helpers', () => {
  it('hash the input whatever the order of its fields, without the key', () => {
    const a = inputHash({ caseId: 'c1', input: { title: 'x', dueAt: new Date('2026-01-01T00:00:00Z') }, idempotencyKey: 'k1' });
    const b = inputHash({ input: { dueAt: new Date('2026-01-01T00:00:00Z'), title: 'x' }, caseId: 'c1', idempotencyKey: 'k2' });
    expect(a).toBe(b);
    expect(inputHash({ caseId: 'c1', input: { title: 'y' } })).not.toBe(a);
    // An absent optional field and an undefined one are the same input.
    expect(inputHash({ input: { title: 'x', note: undefined } })).toBe(inputHash({ input: { title: 'x' } }));
  });

  it('replay a result with its dates as dates and its strings as strings', () => {
    const result = { id: 'n1', at: new Date('2026-06-15T12:00:00.000Z'), text: '2026-06-15T12:00:00.000Z', nested: [{ when: new Date(0) }], empty: null };
    const replayed = decode(encode(result)) as typeof result;
    expect(replayed).toEqual(result);
    expect(replayed.at).toBeInstanceOf(Date);
    expect(typeof replayed.text).toBe('string');
  });
});
