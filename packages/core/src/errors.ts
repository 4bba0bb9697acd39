/**
 * Application errors with a stable `code` that the gateway copies into GraphQL
 * `extensions.code`. Messages are shown to clients: they must never contain PHI or internals.
 */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'CONFLICT',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Extra, client-safe facts about an error (the field it concerns, a retry hint, ...). */
export type ErrorDetails = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/** What an authorisation check refused, for the audit trail only: never part of `details`, never sent. */
export interface DeniedSubject {
  readonly action: string;
  readonly type: string;
  readonly id: string | null;
  readonly caseId: string | null;
  readonly patientId: string | null;
}

export class AppError extends Error {
  /** Set by the permission checks on the NOT_FOUND / FORBIDDEN they raise (docs/audit.md). */
  deniedSubject?: DeniedSubject;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** What goes into GraphQL `extensions`: the code plus the client-safe details. */
  toExtensions(): Record<string, unknown> {
    return { code: this.code, ...this.details };
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication required') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Not allowed', details: ErrorDetails = {}) {
    super('FORBIDDEN', message, details);
  }
}

/** Also used for objects the actor may not see, so that existence never leaks. */
export class NotFoundError extends AppError {
  constructor(subject: string) {
    super('NOT_FOUND', `${subject} not found`, { subject });
  }
}

export class BadUserInputError extends AppError {
  constructor(field: string, message: string) {
    super('BAD_USER_INPUT', message, { field });
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('CONFLICT', message, details);
  }
}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', 'Too many requests', { retryAfterSeconds });
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(dependency: string) {
    super('SERVICE_UNAVAILABLE', `${dependency} is unavailable`, { dependency });
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
