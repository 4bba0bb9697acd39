import { DEFAULT_TENANT_SETTINGS, applySettingsChange, effectiveSettings } from './tenant-settings';

function refusal(change: unknown): { field: unknown; message: string } {
  try {
    applySettingsChange(DEFAULT_TENANT_SETTINGS, change);
  } catch (error) {
    const e = error as { details: { field: unknown }; message: string; code: string };
    expect(e.code).toBe('BAD_USER_INPUT');
    return { field: e.details.field, message: e.message };
  }
  throw new Error('expected a refusal');
}

describe('tenant settings', () => {
  it('default to the values of the domain reference', () => {
    expect(effectiveSettings({})).toEqual(DEFAULT_TENANT_SETTINGS);
    expect(effectiveSettings({}).session).toEqual({ idleTimeoutMinutes: 30, absoluteTimeoutHours: 12 });
  });

  it('ignore the retired credential-gates switch a clinic may still store (the gates always apply)', () => {
    expect(effectiveSettings({ credentials: { enforceGates: false }, timezone: 'America/Denver' })).toEqual({ ...DEFAULT_TENANT_SETTINGS, timezone: 'America/Denver' });
  });

  it('keep what a clinic stored over the defaults', () => {
    expect(effectiveSettings({ timezone: 'America/Chicago', session: { idleTimeoutMinutes: 15 } })).toMatchObject({
      timezone: 'America/Chicago',
      session: { idleTimeoutMinutes: 15, absoluteTimeoutHours: 12 },
    });
  });

  it('apply a partial change deep', () => {
    const next = applySettingsChange(DEFAULT_TENANT_SETTINGS, { doseRanges: { IV: { max: 0.8 } }, security: { mfaRequiredForClinicalRoles: true } });
    expect(next.doseRanges.IV).toEqual({ unit: 'mg/kg', min: 0.1, max: 0.8 });
    expect(next.security.mfaRequiredForClinicalRoles).toBe(true);
    expect(next.doseRanges.IM).toEqual(DEFAULT_TENANT_SETTINGS.doseRanges.IM);
  });

  it('let partner keys run any operation until the clinic restricts them to registered ones', () => {
    expect(DEFAULT_TENANT_SETTINGS.api.partnerKeysRegisteredOperationsOnly).toBe(false);
    expect(applySettingsChange(DEFAULT_TENANT_SETTINGS, { api: { partnerKeysRegisteredOperationsOnly: true } }).api).toEqual({ partnerKeysRegisteredOperationsOnly: true });
  });

  it.each([
    [{ api: { partnerKeysRegisteredOperationsOnly: 'yes' } }, 'settings.api.partnerKeysRegisteredOperationsOnly'],
    [{ api: { registeredOnly: true } }, 'settings.api.registeredOnly'],
    [{ timezone: 'Mars/Olympus' }, 'settings.timezone'],
    [{ timezone: 'EST' }, 'settings.timezone'],
    [{ emergencyAccess: { durationMinutes: 4 } }, 'settings.emergencyAccess.durationMinutes'],
    [{ emergencyAccess: { durationMinutes: 481 } }, 'settings.emergencyAccess.durationMinutes'],
    [{ emergencyAccess: { durationMinutes: 7.5 } }, 'settings.emergencyAccess.durationMinutes'],
    [{ credentials: { enforceGates: false } }, 'settings.credentials'],
    [{ session: { idleTimeoutMinutes: 4 } }, 'settings.session.idleTimeoutMinutes'],
    [{ session: { idleTimeoutMinutes: 121 } }, 'settings.session.idleTimeoutMinutes'],
    [{ session: { absoluteTimeoutHours: 25 } }, 'settings.session.absoluteTimeoutHours'],
    [{ session: { absoluteTimeoutHours: 1.5 } }, 'settings.session.absoluteTimeoutHours'],
    [{ doseRanges: { IV: { min: 2 } } }, 'settings.doseRanges.IV.min'],
    [{ doseRanges: { IV: { unit: 'ml' } } }, 'settings.doseRanges.IV.unit'],
    [{ doseRanges: { IV: { max: -1 } } }, 'settings.doseRanges.IV.max'],
    [{ vitals: { escalateSpO2Below: 101 } }, 'settings.vitals.escalateSpO2Below'],
    [{ vitals: { holdDosingAbove: { systolic: '140' } } }, 'settings.vitals.holdDosingAbove.systolic'],
    [{ reminders: { remindHoursBeforeDue: [24, 0] } }, 'settings.reminders.remindHoursBeforeDue.1'],
    [{ security: { mfaRequiredForClinicalRoles: 'yes' } }, 'settings.security.mfaRequiredForClinicalRoles'],
    [{ sesion: {} }, 'settings.sesion'],
    [{ session: { idleTimeout: 10 } }, 'settings.session.idleTimeout'],
    [{ screening: { treatAsAbsolute: ['PREGNANCY'] } }, 'settings.screening.treatAsAbsolute.0'],
    [{ screening: { additionalItems: [{ code: 'lower', label: 'x', severity: 'ABSOLUTE' }] } }, 'settings.screening.additionalItems.0.code'],
    [{ screening: { additionalItems: [{ code: 'SEIZURES', label: 'Seizures', severity: 'MAYBE' }] } }, 'settings.screening.additionalItems.0.severity'],
    [{ careRules: { postDose: { enabled: 'no' } } }, 'settings.careRules.postDose.enabled'],
    [{ careRules: { postDose: { integrationWithinHours: 11 } } }, 'settings.careRules.postDose.integrationWithinHours'],
    [{ careRules: { postDose: { integrationWithinHours: 337 } } }, 'settings.careRules.postDose.integrationWithinHours'],
    [{ careRules: { postDose: { checkInAfterHours: 0 } } }, 'settings.careRules.postDose.checkInAfterHours'],
    [{ careRules: { postDose: { checkInAfterHours: 24.5 } } }, 'settings.careRules.postDose.checkInAfterHours'],
    [{ careRules: { measureDue: { everyDays: 6 } } }, 'settings.careRules.measureDue.everyDays'],
    [{ careRules: { measureDue: { everyDays: 91 } } }, 'settings.careRules.measureDue.everyDays'],
    [{ careRules: { measureDue: { instrument: 'CADSS' } } }, 'settings.careRules.measureDue.instrument'],
    [{ careRules: { remsForm: { dueAfterDays: 8 } } }, 'settings.careRules.remsForm.dueAfterDays'],
    [{ careRules: { remsForm: { dueAfterDays: 0 } } }, 'settings.careRules.remsForm.dueAfterDays'],
    [{ careRules: { consentRenewal: { validForMonths: 2 } } }, 'settings.careRules.consentRenewal.validForMonths'],
    [{ careRules: { consentRenewal: { validForMonths: 61 } } }, 'settings.careRules.consentRenewal.validForMonths'],
    [{ careRules: { consentRenewal: { remindDaysBeforeExpiry: -1 } } }, 'settings.careRules.consentRenewal.remindDaysBeforeExpiry'],
    [{ careRules: { consentRenewal: { remindDaysBeforeExpiry: 61 } } }, 'settings.careRules.consentRenewal.remindDaysBeforeExpiry'],
    [{ careRules: { phq9: {} } }, 'settings.careRules.phq9'],
  ])('refuse %j naming %s', (change, field) => {
    expect(refusal(change).field).toBe(field);
  });

  it('refuse a change that is not an object', () => {
    expect(refusal([1, 2]).field).toBe('settings');
    expect(refusal('dark mode').field).toBe('settings');
  });

  it('default the care rules to domain.md (72 h / 24 h after a dose, PHQ-9 every 14 days, REMS form in 7 days, consent for 12 months)', () => {
    expect(effectiveSettings({}).careRules).toEqual({
      postDose: { enabled: true, integrationWithinHours: 72, checkInAfterHours: 24 },
      measureDue: { enabled: true, everyDays: 14, instrument: 'PHQ9' },
      remsForm: { enabled: true, dueAfterDays: 7 },
      consentRenewal: { enabled: true, validForMonths: 12, remindDaysBeforeExpiry: 30 },
    });
  });

  it('switch one care rule off and accept the care-rule boundaries', () => {
    const next = applySettingsChange(DEFAULT_TENANT_SETTINGS, { careRules: { remsForm: { enabled: false }, measureDue: { everyDays: 7 } } });
    expect(next.careRules.remsForm).toEqual({ enabled: false, dueAfterDays: 7 });
    expect(next.careRules.measureDue).toEqual({ enabled: true, everyDays: 7, instrument: 'PHQ9' });
    const edges = applySettingsChange(DEFAULT_TENANT_SETTINGS, {
      careRules: { postDose: { integrationWithinHours: 336, checkInAfterHours: 1 }, measureDue: { everyDays: 90 }, remsForm: { dueAfterDays: 1 }, consentRenewal: { validForMonths: 60, remindDaysBeforeExpiry: 0 } },
    });
    expect(edges.careRules.consentRenewal).toEqual({ enabled: true, validForMonths: 60, remindDaysBeforeExpiry: 0 });
    expect(edges.careRules.postDose).toEqual({ enabled: true, integrationWithinHours: 336, checkInAfterHours: 1 });
  });

  it('accept the boundaries themselves', () => {
    const next = applySettingsChange(DEFAULT_TENANT_SETTINGS, { session: { idleTimeoutMinutes: 5, absoluteTimeoutHours: 24 }, timezone: 'UTC' });
    expect(next.session).toEqual({ idleTimeoutMinutes: 5, absoluteTimeoutHours: 24 });
    expect(applySettingsChange(DEFAULT_TENANT_SETTINGS, { session: { idleTimeoutMinutes: 120, absoluteTimeoutHours: 1 } }).session).toEqual({ idleTimeoutMinutes: 120, absoluteTimeoutHours: 1 });
    expect([5, 480].map((durationMinutes) => applySettingsChange(DEFAULT_TENANT_SETTINGS, { emergencyAccess: { durationMinutes } }).emergencyAccess.durationMinutes)).toEqual([5, 480]);
    expect(DEFAULT_TENANT_SETTINGS.emergencyAccess).toEqual({ durationMinutes: 60 });
  });
});
