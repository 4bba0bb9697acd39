// Which notes may be written by whom and shared how (docs: /design/domain.md, "Notes and HIPAA").

export const NOTE_KINDS = ['PROGRESS', 'DOSING_OBSERVATION', 'INTEGRATION_SUMMARY', 'MEDICAL', 'COORDINATION', 'PSYCHOTHERAPY'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

/** Widest first. CARE_TEAM includes staff only for COORDINATION notes. */
export const NOTE_VISIBILITIES = ['CARE_TEAM', 'CLINICIANS', 'PRESCRIBERS', 'AUTHOR_ONLY'] as const;
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];

export type AuthorRole = 'PRESCRIBER' | 'THERAPIST' | 'NURSE' | 'STAFF' | 'ADMIN';

interface KindRule {
  readonly visibilities: readonly NoteVisibility[];
  readonly authors: readonly AuthorRole[];
}

/**
 * Psychotherapy notes are the author's alone (45 CFR 164.501) and written by therapists;
 * medical notes are the prescriber's and go no wider than the clinicians; coordination is
 * logistics that staff on the team write and read.
 */
export const NOTE_RULES: Readonly<Record<NoteKind, KindRule>> = {
  PROGRESS: { visibilities: ['CARE_TEAM', 'CLINICIANS', 'PRESCRIBERS', 'AUTHOR_ONLY'], authors: ['PRESCRIBER', 'THERAPIST', 'NURSE'] },
  DOSING_OBSERVATION: { visibilities: ['CARE_TEAM', 'CLINICIANS', 'PRESCRIBERS', 'AUTHOR_ONLY'], authors: ['PRESCRIBER', 'THERAPIST', 'NURSE'] },
  INTEGRATION_SUMMARY: { visibilities: ['CARE_TEAM', 'CLINICIANS', 'PRESCRIBERS', 'AUTHOR_ONLY'], authors: ['PRESCRIBER', 'THERAPIST'] },
  MEDICAL: { visibilities: ['CLINICIANS', 'PRESCRIBERS', 'AUTHOR_ONLY'], authors: ['PRESCRIBER'] },
  COORDINATION: { visibilities: ['CARE_TEAM', 'CLINICIANS', 'AUTHOR_ONLY'], authors: ['PRESCRIBER', 'THERAPIST', 'NURSE', 'STAFF'] },
  PSYCHOTHERAPY: { visibilities: ['AUTHOR_ONLY'], authors: ['THERAPIST'] },
};

export type NoteRuleVerdict = { ok: true } | { ok: false; field: 'kind' | 'visibility'; message: string };

/** Whether someone with `roles` may write a `kind` note shared as `visibility`. */
export function checkNote(kind: NoteKind, visibility: NoteVisibility, roles: readonly string[]): NoteRuleVerdict {
  const rule = NOTE_RULES[kind];
  if (!roles.some((role) => (rule.authors as readonly string[]).includes(role))) {
    return { ok: false, field: 'kind', message: `${kind} notes are written by: ${rule.authors.join(', ')}` };
  }
  if (!rule.visibilities.includes(visibility)) {
    return { ok: false, field: 'visibility', message: `${kind} notes may be shared as: ${rule.visibilities.join(', ')}` };
  }
  return { ok: true };
}

/** The largest body a note or addendum may have (bytes of UTF-8). */
export const MAX_NOTE_BYTES = 100 * 1024;
