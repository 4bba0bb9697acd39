import { v7 as uuidv7, validate, version } from 'uuid';

/**
 * Every id Tandem mints is a UUIDv7: time-ordered, so B-tree inserts stay local and
 * cursors over ids follow creation order.
 */
export function newId(): string {
  return uuidv7();
}

export function isUuid(value: string): boolean {
  return validate(value);
}

export function isUuidV7(value: string): boolean {
  return validate(value) && version(value) === 7;
}
