import { DEFAULT_TRAINING_PROGRAMME, readiness } from './credential-readiness';
import type { CredentialFacts } from './credential-readiness';
import type { TrainingModule } from './credentials';
import { InvalidSupervisionError, MAX_SUPERVISION_HOURS, supervisedHours, supervisionAsTraining, validateSupervision } from './supervision';
import type { SupervisionFacts, SupervisionInput } from './supervision';

const TODAY = '2026-06-15';
const FIVE: TrainingModule[] = ['SCREENING', 'SET_AND_SETTING', 'INTEGRATION', 'ETHICS', 'TRAUMA_INFORMED_CARE'];
const entry = (hours: number, over: Partial<SupervisionFacts> = {}): SupervisionFacts => ({ heldOn: '2026-06-01', hours, confirmed: true, modules: [], ...over });
const course = (hours: number, modules: TrainingModule[]): CredentialFacts => ({ kind: 'KAP_TRAINING', jurisdiction: null, issuedOn: '2025-01-01', expiresOn: null, verified: true, hours, modules });
const input = (over: Partial<SupervisionInput> = {}): SupervisionInput => ({ heldOn: '2026-06-10', hours: 1.5, kind: 'SUPERVISION', modules: ['INTEGRATION'], note: null, ...over });

function refusal(value: SupervisionInput): string | undefined {
  try {
    validateSupervision(value, TODAY);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidSupervisionError) return error.field;
    throw error;
  }
}

describe('validateSupervision', () => {
  it.each<[string, Partial<SupervisionInput>]>([
    ['a supervision', {}],
    ['a consultation', { kind: 'CONSULTATION' }],
    ['held today', { heldOn: TODAY }],
    ['the smallest entry, a hundredth of an hour', { hours: 0.01 }],
    ['exactly the per-entry maximum', { hours: MAX_SUPERVISION_HOURS }],
    ['no modules at all', { modules: null }],
    ['a note of exactly 1000 characters', { note: 'n'.repeat(1000) }],
  ])('accepts %s', (_label, over) => {
    expect(refusal(input(over))).toBeUndefined();
  });

  it.each<[string, Partial<SupervisionInput>, string]>([
    ['an unknown kind', { kind: 'COFFEE' }, 'kind'],
    ['a date that is not one', { heldOn: '2026-02-30' }, 'heldOn'],
    ['a date not yet reached (tomorrow)', { heldOn: '2026-06-16' }, 'heldOn'],
    ['zero hours', { hours: 0 }, 'hours'],
    ['negative hours', { hours: -1 }, 'hours'],
    ['just over the maximum', { hours: 12.01 }, 'hours'],
    ['a thousandth of an hour', { hours: 0.001 }, 'hours'],
    ['not a number', { hours: Number.NaN }, 'hours'],
    ['an unknown module', { modules: ['ASTROLOGY'] }, 'modules'],
    ['a module twice', { modules: ['ETHICS', 'ETHICS'] }, 'modules'],
    ['a note over 1000 characters', { note: 'n'.repeat(1001) }, 'note'],
  ])('refuses %s, naming the field', (_label, over, field) => {
    expect(refusal(input(over))).toBe(field);
  });
});

describe('supervisedHours', () => {
  it.each<[string, SupervisionFacts[], number]>([
    ['nothing logged', [], 0],
    ['a confirmed entry', [entry(2)], 2],
    ['an unconfirmed entry', [entry(2, { confirmed: false })], 0],
    ['an entry held today', [entry(2, { heldOn: TODAY })], 2],
    ['an entry dated tomorrow', [entry(2, { heldOn: '2026-06-16' })], 0],
    ['several, summed to the hundredth', [entry(0.1), entry(0.2), entry(39.69)], 39.99],
  ])('%s', (_label, entries, hours) => {
    expect(supervisedHours(entries, TODAY)).toBe(hours);
  });
});

describe('confirmed supervision in readiness', () => {
  const programme = DEFAULT_TRAINING_PROGRAMME;
  const facilitator = (credentials: CredentialFacts[], entries: SupervisionFacts[]) => readiness('FACILITATOR', [...credentials, ...supervisionAsTraining(entries, TODAY)], programme, TODAY);

  it('adds nothing when no hour counts', () => {
    expect(supervisionAsTraining([entry(3, { confirmed: false })], TODAY)).toEqual([]);
  });

  it('tops a 36-hour course up to exactly the 40-hour minimum', () => {
    expect(facilitator([course(36, FIVE)], [entry(2), entry(2)])).toMatchObject({ status: 'READY', missing: [] });
  });

  it('one hundredth short of the minimum is still short', () => {
    expect(facilitator([course(36, FIVE)], [entry(3.99)])).toMatchObject({ status: 'TRAINEE', missing: ['TRAINING_HOURS'] });
  });

  it('unconfirmed hours do not count', () => {
    expect(facilitator([course(36, FIVE)], [entry(4, { confirmed: false })])).toMatchObject({ status: 'TRAINEE', missing: ['TRAINING_HOURS'] });
  });

  it('modules discussed under supervision do not meet a module requirement', () => {
    const result = facilitator([course(40, ['SCREENING', 'SET_AND_SETTING', 'ETHICS', 'TRAUMA_INFORMED_CARE'])], [entry(4, { modules: ['INTEGRATION'] })]);
    expect(result).toMatchObject({ status: 'TRAINEE', missing: ['TRAINING_INTEGRATION'] });
  });

  it('supervision alone, with no course, makes a trainee missing every module', () => {
    expect(facilitator([], [entry(12)])).toMatchObject({ status: 'TRAINEE', missing: [...FIVE.map((m) => `TRAINING_${m}`), 'TRAINING_HOURS'] });
  });

  it('leaves the credential requirements alone', () => {
    const nurse = readiness('MONITORING_NURSE', supervisionAsTraining([entry(12)], TODAY), programme, TODAY);
    expect(nurse).toMatchObject({ status: 'NOT_READY', missing: ['VERIFIED_LICENSE', 'VERIFIED_BLS'] });
  });
});
