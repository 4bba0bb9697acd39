import { AppError } from '@tandem/core';

export type LimitName = 'depth' | 'cost' | 'aliases' | 'directives' | 'tokens';

/** An operation over one of the limits of docs/api.md ("Limits and costs"); nothing of it ran. */
export class QueryTooComplexError extends AppError {
  constructor(limit: LimitName, maximum: number, measured: number) {
    super('QUERY_TOO_COMPLEX', `Query ${limit} ${measured} exceeds the limit of ${maximum}`, { limit, maximum, measured });
  }
}
