import { BadUserInputError } from '@tandem/core';
import { DEFAULT_CONTRAINDICATIONS } from '@tandem/clinical';
import { z } from 'zod';

const RELATIVE_DEFAULTS = new Set(DEFAULT_CONTRAINDICATIONS.filter((item) => item.severity === 'RELATIVE').map((item) => item.code));

/**
 * A clinic's settings: its time zone, HIPAA automatic-logoff windows, the MFA requirement, and
 * the clinical defaults later issues read (vitals thresholds, dose ranges per route, reminder
 * policy, care rules). Values are the defaults of domain.md; every one is the clinic's to change.
 */
const bp = z.strictObject({ systolic: z.number().int().min(60).max(300), diastolic: z.number().int().min(30).max(200) });
const enabled = z.boolean();
const doseRange = z
  .strictObject({ unit: z.enum(['mg/kg', 'mg']), min: z.number().positive(), max: z.number().positive() })
  .refine((r) => r.min <= r.max, { message: 'min must not exceed max', path: ['min'] });

export const tenantSettingsSchema = z.strictObject({
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/Chicago'),
  session: z.strictObject({
    idleTimeoutMinutes: z.number().int().min(5).max(120),
    absoluteTimeoutHours: z.number().int().min(1).max(24),
  }),
  security: z.strictObject({ mfaRequiredForClinicalRoles: z.boolean() }),
  vitals: z.strictObject({
    holdDosingAbove: bp,
    escalateWhenTwiceAbove: bp,
    escalateWhenOnceAbove: bp,
    escalateHeartRateAbove: z.number().int().min(60).max(250),
    escalateSpO2Below: z.number().int().min(70).max(100),
    monitoringMinutes: z.number().int().min(60).max(480),
  }),
  doseRanges: z.strictObject({
    IV: doseRange,
    IM: doseRange,
    SUBLINGUAL: doseRange,
    ORAL: doseRange,
    INTRANASAL_ESKETAMINE: doseRange,
  }),
  screening: z.strictObject({
    /** Items this clinic screens for beyond domain.md's checklist. */
    additionalItems: z
      .array(z.strictObject({ code: z.string().regex(/^[A-Z][A-Z0-9_]{2,63}$/, 'codes are UPPER_SNAKE'), label: z.string().trim().min(1).max(200), severity: z.enum(['ABSOLUTE', 'RELATIVE']) }))
      .max(50)
      .refine((items) => new Set(items.map((i) => i.code)).size === items.length, 'codes must be unique'),
    /** Default relative items this clinic treats as absolute (it can never relax an absolute one). */
    treatAsAbsolute: z
      .array(z.string().refine((code) => RELATIVE_DEFAULTS.has(code), 'must name a relative item of the default checklist'))
      .max(50),
  }),
  reminders: z.strictObject({
    remindHoursBeforeDue: z.array(z.number().int().min(1).max(168)).max(5),
    escalateToAdminAfterHours: z.number().int().min(1).max(168),
  }),
  /** Care rules that create follow-ups (docs/notifications.md); each can be switched off. */
  careRules: z.strictObject({
    postDose: z.strictObject({ enabled, integrationWithinHours: z.number().int().min(12).max(336), checkInAfterHours: z.number().int().min(1).max(168) }),
    measureDue: z.strictObject({ enabled, everyDays: z.number().int().min(7).max(90), instrument: z.enum(['PHQ9', 'GAD7', 'PCL5']) }),
    /** The REMS allows at most 7 days; a clinic may ask for the form sooner, never later. */
    remsForm: z.strictObject({ enabled, dueAfterDays: z.number().int().min(1).max(7) }),
    /** A signed consent is valid for validForMonths from signing; renewal is asked remindDaysBeforeExpiry ahead. */
    consentRenewal: z.strictObject({ enabled, validForMonths: z.number().int().min(3).max(60), remindDaysBeforeExpiry: z.number().int().min(0).max(60) }),
  }),
  /** The partner API (docs/api.md): partner keys may run only operations an admin registered. */
  api: z.strictObject({ partnerKeysRegisteredOperationsOnly: z.boolean() }),
  /** Break the glass (docs/emergency-access.md): how long an off-team clinician's grant lasts. */
  emergencyAccess: z.strictObject({ durationMinutes: z.number().int().min(5).max(480) }),
});

export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

export const DEFAULT_TENANT_SETTINGS: TenantSettings = {
  timezone: 'America/New_York',
  session: { idleTimeoutMinutes: 30, absoluteTimeoutHours: 12 },
  security: { mfaRequiredForClinicalRoles: false },
  vitals: {
    holdDosingAbove: { systolic: 140, diastolic: 90 },
    escalateWhenTwiceAbove: { systolic: 180, diastolic: 110 },
    escalateWhenOnceAbove: { systolic: 200, diastolic: 120 },
    escalateHeartRateAbove: 120,
    escalateSpO2Below: 90,
    monitoringMinutes: 120,
  },
  doseRanges: {
    IV: { unit: 'mg/kg', min: 0.1, max: 1.0 },
    IM: { unit: 'mg/kg', min: 0.1, max: 0.75 },
    SUBLINGUAL: { unit: 'mg', min: 100, max: 400 },
    ORAL: { unit: 'mg', min: 100, max: 400 },
    INTRANASAL_ESKETAMINE: { unit: 'mg', min: 28, max: 84 },
  },
  screening: { additionalItems: [], treatAsAbsolute: [] },
  reminders: { remindHoursBeforeDue: [24, 1], escalateToAdminAfterHours: 24 },
  careRules: {
    postDose: { enabled: true, integrationWithinHours: 72, checkInAfterHours: 24 },
    measureDue: { enabled: true, everyDays: 14, instrument: 'PHQ9' },
    remsForm: { enabled: true, dueAfterDays: 7 },
    consentRenewal: { enabled: true, validForMonths: 12, remindDaysBeforeExpiry: 30 },
  },
  api: { partnerKeysRegisteredOperationsOnly: false },
  emergencyAccess: { durationMinutes: 60 },
};

/** Stored settings over the defaults (a clinic stores only what it changed). */
export function effectiveSettings(stored: unknown): TenantSettings {
  // Every request's authentication reads its clinic's settings; merging and validating them
  // (time zones through Intl) showed in the gateway's profile, and clinics rarely change them.
  const key = JSON.stringify(withoutRetired(stored) ?? null);
  const known = settingsSeen.get(key);
  if (known) return known;
  const settings = deepFreeze(tenantSettingsSchema.parse(deepMerge(DEFAULT_TENANT_SETTINGS, withoutRetired(stored))));
  if (settingsSeen.size >= SETTINGS_SEEN_MAX) settingsSeen.clear();
  settingsSeen.set(key, settings);
  return settings;
}

/**
 * Settings Tandem no longer has. `credentials.enforceGates` switched the credential gates; they now
 * always apply (a clinic cannot let an unlicensed prescriber dose), but clinics that saved their
 * settings while it existed still store it. It goes with their next settings change.
 */
const RETIRED_SETTINGS = ['credentials'];

function withoutRetired(stored: unknown): unknown {
  if (!isPlainObject(stored)) return stored;
  return Object.fromEntries(Object.entries(stored).filter(([key]) => !RETIRED_SETTINGS.includes(key)));
}

/** Validated settings by their stored JSON; bounded, so a flood of distinct settings cannot grow it. */
const settingsSeen = new Map<string, TenantSettings>();
const SETTINGS_SEEN_MAX = 1_000;

/** Shared results must not be changed by one caller under another. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Applies a partial change and validates the whole result. The first problem is reported as
 * BAD_USER_INPUT naming its path, e.g. `settings.session.idleTimeoutMinutes`.
 */
export function applySettingsChange(current: TenantSettings, change: unknown): TenantSettings {
  if (!isPlainObject(change)) throw new BadUserInputError('settings', 'Settings must be an object');
  const parsed = tenantSettingsSchema.safeParse(deepMerge(current, change));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = ['settings', ...(issue?.path ?? []).map(String)];
  if (issue?.code === 'unrecognized_keys') path.push(issue.keys[0] ?? '');
  throw new BadUserInputError(path.join('.'), issue?.code === 'unrecognized_keys' ? 'Unknown setting' : (issue?.message ?? 'Invalid setting'));
}

function deepMerge(base: unknown, change: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(change)) return change === undefined ? base : change;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(change)) merged[key] = deepMerge(base[key], value);
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}
