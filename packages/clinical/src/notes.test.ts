import { NOTE_KINDS, NOTE_RULES, NOTE_VISIBILITIES, checkNote } from './notes';

describe('note rules', () => {
  it('keeps psychotherapy notes author-only and for therapists', () => {
    expect(NOTE_RULES.PSYCHOTHERAPY.visibilities).toEqual(['AUTHOR_ONLY']);
    for (const visibility of NOTE_VISIBILITIES.filter((v) => v !== 'AUTHOR_ONLY')) {
      expect(checkNote('PSYCHOTHERAPY', visibility, ['THERAPIST'])).toMatchObject({ ok: false, field: 'visibility' });
    }
    expect(checkNote('PSYCHOTHERAPY', 'AUTHOR_ONLY', ['THERAPIST'])).toEqual({ ok: true });
    expect(checkNote('PSYCHOTHERAPY', 'AUTHOR_ONLY', ['PRESCRIBER', 'NURSE'])).toMatchObject({ ok: false, field: 'kind' });
  });

  it('shares medical notes no wider than the clinicians', () => {
    expect(checkNote('MEDICAL', 'CARE_TEAM', ['PRESCRIBER'])).toMatchObject({ ok: false, field: 'visibility' });
    expect(checkNote('MEDICAL', 'CLINICIANS', ['PRESCRIBER'])).toEqual({ ok: true });
    expect(checkNote('MEDICAL', 'CLINICIANS', ['THERAPIST'])).toMatchObject({ ok: false, field: 'kind' });
  });

  it('lets staff write coordination notes only', () => {
    for (const kind of NOTE_KINDS) {
      expect(checkNote(kind, NOTE_RULES[kind].visibilities[0] ?? 'AUTHOR_ONLY', ['STAFF']).ok).toBe(kind === 'COORDINATION');
    }
    expect(checkNote('COORDINATION', 'PRESCRIBERS', ['STAFF'])).toMatchObject({ ok: false, field: 'visibility' });
  });

  it('accepts every kind with every visibility its rule lists, by one of its authors', () => {
    for (const kind of NOTE_KINDS) {
      for (const visibility of NOTE_VISIBILITIES) {
        const verdict = checkNote(kind, visibility, NOTE_RULES[kind].authors);
        expect(verdict.ok).toBe(NOTE_RULES[kind].visibilities.includes(visibility));
      }
    }
  });
});
