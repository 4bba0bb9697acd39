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

  it.each([
    [{ timezone: 'Mars/Olympus' }, 'settings.timezone'],
    [{ timezone: 'EST' }, 'settings.timezone'],
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
  ])('refuse %j naming %s', (change, field) => {
    expect(refusal(change).field).toBe(field);
  });

  it('refuse a change that is not an object', () => {
    expect(refusal([1, 2]).field).toBe('settings');
    expect(refusal('dark mode').field).toBe('settings');
  });

  it('accept the boundaries themselves', () => {
    const next = applySettingsChange(DEFAULT_TENANT_SETTINGS, { session: { idleTimeoutMinutes: 5, absoluteTimeoutHours: 24 }, timezone: 'UTC' });
    expect(next.session).toEqual({ idleTimeoutMinutes: 5, absoluteTimeoutHours: 24 });
    expect(applySettingsChange(DEFAULT_TENANT_SETTINGS, { session: { idleTimeoutMinutes: 120, absoluteTimeoutHours: 1 } }).session).toEqual({ idleTimeoutMinutes: 120, absoluteTimeoutHours: 1 });
  });
});
