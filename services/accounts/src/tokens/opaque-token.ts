import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Opaque secrets handed to clients (API keys, refresh tokens, invitations):
 *   `<kind>_<tenant id hex>_<row id hex>_<secret>`
 * The tenant and row ids let us look the row up under that tenant's RLS by primary key; only
 * the SHA-256 of the 256-bit secret is stored (a slow hash adds nothing at that entropy).
 */
export type TokenKind = 'tdmk' | 'tdmr' | 'tdmi';

export interface OpaqueToken {
  readonly token: string;
  readonly secretHash: Buffer;
}

export interface ParsedToken {
  readonly kind: TokenKind;
  readonly tenantId: string;
  readonly id: string;
  readonly secret: string;
}

const FORMAT = /^(tdmk|tdmr|tdmi)_([0-9a-f]{32})_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

export function mintOpaqueToken(kind: TokenKind, tenantId: string, id: string): OpaqueToken {
  const secret = randomBytes(32).toString('base64url');
  return { token: `${kind}_${hex(tenantId)}_${hex(id)}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseOpaqueToken(token: string, kind: TokenKind): ParsedToken | null {
  const match = FORMAT.exec(token);
  if (!match || match[1] !== kind) return null;
  return { kind, tenantId: uuid(match[2] ?? ''), id: uuid(match[3] ?? ''), secret: match[4] ?? '' };
}

export function secretMatches(secret: string, storedHash: Buffer): boolean {
  const presented = hashSecret(secret);
  return presented.length === storedHash.length && timingSafeEqual(presented, storedHash);
}

/** The part of a token that is safe to show again later (lists of API keys show it). */
export function displayPrefix(tenantId: string, id: string, kind: TokenKind): string {
  return `${kind}_${hex(tenantId).slice(0, 6)}…${hex(id).slice(-6)}`;
}

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

function hex(id: string): string {
  return id.replace(/-/g, '').toLowerCase();
}

function uuid(hex32: string): string {
  return `${hex32.slice(0, 8)}-${hex32.slice(8, 12)}-${hex32.slice(12, 16)}-${hex32.slice(16, 20)}-${hex32.slice(20)}`;
}
