import { DEFAULT_TRAINING_PROGRAMME, READINESS_ROLES, countsOn, doseGate, nextExpiry, readiness, trainingCovered } from './credential-readiness';
import type { CredentialFacts, TrainingProgramme } from './credential-readiness';
import type { TrainingModule } from './credentials';

const TODAY = '2026-06-15';
const FIVE: TrainingModule[] = ['SCREENING', 'SET_AND_SETTING', 'INTEGRATION', 'ETHICS', 'TRAUMA_INFORMED_CARE'];

function credential(over: Partial<CredentialFacts> & Pick<CredentialFacts, 'kind'>): CredentialFacts {
  return { jurisdiction: null, issuedOn: '2025-01-01', expiresOn: '2027-01-01', verified: true, hours: null, modules: [], ...over };
}
const kap = (hours: number, modules: TrainingModule[], over: Partial<CredentialFacts> = {}) => credential({ kind: 'KAP_TRAINING', hours, modules, expiresOn: null, ...over });
const licenceIn = (state: string, over: Partial<CredentialFacts> = {}) => credential({ kind: 'LICENSE', jurisdiction: state, ...over });
const dea = (over: Partial<CredentialFacts> = {}) => credential({ kind: 'DEA_REGISTRATION', ...over });
const bls = (over: Partial<CredentialFacts> = {}) => credential({ kind: 'BLS', ...over });

describe('defaults', () => {
  it('gates three jobs; facilitators need five modules and 40 hours', () => {
    expect(READINESS_ROLES).toEqual(['FACILITATOR', 'PRESCRIBER', 'MONITORING_NURSE']);
    expect(DEFAULT_TRAINING_PROGRAMME).toEqual({ FACILITATOR: { modules: FIVE, minHours: 40 } });
  });
});

describe('countsOn', () => {
  it.each<[string, Partial<CredentialFacts>, boolean]>([
    ['verified and current', {}, true],
    ['unverified', { verified: false }, false],
    ['expiring today (valid through its expiry date)', { expiresOn: TODAY }, true],
    ['expired yesterday', { expiresOn: '2026-06-14' }, false],
    ['issued today', { issuedOn: TODAY }, true],
    ['issued tomorrow', { issuedOn: '2026-06-16' }, false],
    ['without expiry', { expiresOn: null }, true],
  ])('%s', (_label, over, expected) => {
    expect(countsOn(credential({ kind: 'BLS', ...over }), TODAY)).toBe(expected);
  });
});

describe('trainingCovered', () => {
  it('unions modules and sums hours over counting certificates only', () => {
    const covered = trainingCovered(
      [kap(2, ['PHARMACOLOGY']), kap(38, ['SCREENING', 'PHARMACOLOGY']), kap(100, FIVE, { verified: false }), kap(50, FIVE, { expiresOn: '2026-01-01' }), bls()],
      TODAY,
    );
    expect([...covered.modules].sort()).toEqual(['PHARMACOLOGY', 'SCREENING']);
    expect(covered.hours).toBe(40);
  });

  it('is empty with no training', () => {
    expect(trainingCovered([], TODAY)).toEqual({ modules: new Set(), hours: 0 });
  });
});

describe('facilitator readiness (default programme)', () => {
  const facilitator = (credentials: CredentialFacts[]) => readiness('FACILITATOR', credentials, DEFAULT_TRAINING_PROGRAMME, TODAY);

  it('is READY with all five modules and exactly 40 hours', () => {
    expect(facilitator([kap(40, FIVE)])).toEqual({
      role: 'FACILITATOR',
      status: 'READY',
      met: ['TRAINING_SCREENING', 'TRAINING_SET_AND_SETTING', 'TRAINING_INTEGRATION', 'TRAINING_ETHICS', 'TRAINING_TRAUMA_INFORMED_CARE', 'TRAINING_HOURS'],
      missing: [],
    });
  });

  it('is READY across two certificates that add up', () => {
    expect(facilitator([kap(10, ['SCREENING', 'ETHICS']), kap(30, ['SET_AND_SETTING', 'INTEGRATION', 'TRAUMA_INFORMED_CARE'])]).status).toBe('READY');
  });

  it('is a TRAINEE at 39.5 hours', () => {
    const result = facilitator([kap(39.5, FIVE)]);
    expect(result.status).toBe('TRAINEE');
    expect(result.missing).toEqual(['TRAINING_HOURS']);
  });

  it('names integration when the training lacks it', () => {
    const result = facilitator([kap(60, ['SCREENING', 'SET_AND_SETTING', 'ETHICS', 'TRAUMA_INFORMED_CARE'])]);
    expect(result.status).toBe('TRAINEE');
    expect(result.missing).toEqual(['TRAINING_INTEGRATION']);
  });

  it('is a TRAINEE with hours but none of the required modules', () => {
    const result = facilitator([kap(12, ['PHARMACOLOGY'])]);
    expect(result.status).toBe('TRAINEE');
    expect(result.missing).toEqual([...FIVE.map((m) => `TRAINING_${m}`), 'TRAINING_HOURS']);
  });

  it.each<[string, CredentialFacts[]]>([
    ['no credentials', []],
    ['only an unverified training', [kap(40, FIVE, { verified: false })]],
    ['only an expired training', [kap(40, FIVE, { expiresOn: '2026-06-14' })]],
    ['a licence but no training', [licenceIn('CA')]],
  ])('is NOT_READY with %s', (_label, credentials) => {
    const result = facilitator(credentials);
    expect(result.status).toBe('NOT_READY');
    expect(result.met).toEqual([]);
  });

  it('follows a tenant programme instead of the default', () => {
    const programme: TrainingProgramme = { FACILITATOR: { modules: ['PHARMACOLOGY', 'FACILITATION'], minHours: 100 } };
    expect(readiness('FACILITATOR', [kap(100, ['PHARMACOLOGY', 'FACILITATION'])], programme, TODAY).status).toBe('READY');
    expect(readiness('FACILITATOR', [kap(40, FIVE)], programme, TODAY).missing).toEqual(['TRAINING_PHARMACOLOGY', 'TRAINING_FACILITATION', 'TRAINING_HOURS']);
  });

  it('is READY with nothing when the clinic requires no facilitator training', () => {
    expect(readiness('FACILITATOR', [], {}, TODAY)).toEqual({ role: 'FACILITATOR', status: 'READY', met: [], missing: [] });
  });
});

describe('prescriber dose gate', () => {
  it('passes with a verified current licence in the patient state and a DEA registration', () => {
    expect(doseGate([licenceIn('CA'), dea()], {}, TODAY, 'CA')).toEqual([]);
  });

  it.each<[string, CredentialFacts[], string[]]>([
    ['nothing', [], ['VERIFIED_LICENSE_IN_PATIENT_STATE', 'VERIFIED_DEA_REGISTRATION']],
    ['a licence in another state', [licenceIn('NY'), dea()], ['VERIFIED_LICENSE_IN_PATIENT_STATE']],
    ['an unverified licence', [licenceIn('CA', { verified: false }), dea()], ['VERIFIED_LICENSE_IN_PATIENT_STATE']],
    ['a licence expired yesterday', [licenceIn('CA', { expiresOn: '2026-06-14' }), dea()], ['VERIFIED_LICENSE_IN_PATIENT_STATE']],
    ['no DEA registration', [licenceIn('CA')], ['VERIFIED_DEA_REGISTRATION']],
    ['an expired DEA registration', [licenceIn('CA'), dea({ expiresOn: '2026-06-01' })], ['VERIFIED_DEA_REGISTRATION']],
    ['an unverified DEA registration', [licenceIn('CA'), dea({ verified: false })], ['VERIFIED_DEA_REGISTRATION']],
  ])('names what is missing with %s', (_label, credentials, missing) => {
    expect(doseGate(credentials, {}, TODAY, 'CA')).toEqual(missing);
  });

  it('cannot pass when the patient has no state on record', () => {
    expect(doseGate([licenceIn('CA'), dea()], {}, TODAY, null)).toEqual(['PATIENT_STATE_ON_RECORD']);
  });

  it('adds the programme training when the clinic requires it of prescribers', () => {
    const programme: TrainingProgramme = { PRESCRIBER: { modules: ['PHARMACOLOGY'], minHours: 8 } };
    expect(doseGate([licenceIn('CA'), dea()], programme, TODAY, 'CA')).toEqual(['TRAINING_PHARMACOLOGY', 'TRAINING_HOURS']);
    expect(doseGate([licenceIn('CA'), dea(), kap(8, ['PHARMACOLOGY'])], programme, TODAY, 'CA')).toEqual([]);
  });

  it('asks for a licence in any state when there is no patient (roster)', () => {
    expect(readiness('PRESCRIBER', [licenceIn('NY'), dea()], {}, TODAY)).toMatchObject({ status: 'READY', met: ['VERIFIED_LICENSE', 'VERIFIED_DEA_REGISTRATION'] });
    expect(readiness('PRESCRIBER', [dea()], {}, TODAY)).toMatchObject({ status: 'NOT_READY', missing: ['VERIFIED_LICENSE'] });
  });

  it('is never a trainee while a licence is missing, however trained', () => {
    const programme: TrainingProgramme = { PRESCRIBER: { modules: ['PHARMACOLOGY'], minHours: 8 } };
    expect(readiness('PRESCRIBER', [dea(), kap(4, ['PHARMACOLOGY'])], programme, TODAY).status).toBe('NOT_READY');
    expect(readiness('PRESCRIBER', [licenceIn('CA'), dea(), kap(4, ['PHARMACOLOGY'])], programme, TODAY).status).toBe('TRAINEE');
  });
});

describe('monitoring nurse gate', () => {
  it.each<[string, CredentialFacts[], string[]]>([
    ['a licence and BLS', [licenceIn('OR'), bls()], []],
    ['BLS only', [bls()], ['VERIFIED_LICENSE']],
    ['a licence and an expired BLS', [licenceIn('OR'), bls({ expiresOn: '2026-06-14' })], ['VERIFIED_BLS']],
    ['a licence and ACLS but no BLS', [licenceIn('OR'), credential({ kind: 'ACLS' })], ['VERIFIED_BLS']],
  ])('%s', (_label, credentials, missing) => {
    const result = readiness('MONITORING_NURSE', credentials, DEFAULT_TRAINING_PROGRAMME, TODAY);
    expect(result.missing).toEqual(missing);
    expect(result.status).toBe(missing.length === 0 ? 'READY' : 'NOT_READY');
  });
});

describe('nextExpiry', () => {
  it('is the earliest expiry among credentials that count', () => {
    const credentials = [bls({ expiresOn: '2026-09-01' }), licenceIn('CA', { expiresOn: '2026-07-01' }), dea({ expiresOn: '2026-06-01' }), dea({ expiresOn: '2026-06-20', verified: false }), kap(40, FIVE)];
    expect(nextExpiry(credentials, TODAY)).toBe('2026-07-01');
  });

  it('is null with nothing that expires', () => {
    expect(nextExpiry([kap(40, FIVE)], TODAY)).toBeNull();
    expect(nextExpiry([], TODAY)).toBeNull();
  });
});
