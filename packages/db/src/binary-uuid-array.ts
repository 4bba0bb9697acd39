/**
 * A uuid[] parameter in PostgreSQL's binary array format (array_send), for pg to send as it is:
 * pg sends a Buffer parameter in binary. Why: PostgreSQL parsing a uuid[] literal cost it more
 * than the statement's own work on a partner sync — its audit INSERT carries some 1,200 ids and
 * spent 0.45–0.55 ms of its 1.7–2.3 ms of backend CPU reading them as text (PostgreSQL 18, the
 * same INSERT with the same ids sent both ways, docs/performance.md). In binary each id is 16
 * bytes copied, not 36 characters parsed.
 *
 * Only a canonical uuid (8-4-4-12 hex digits, either case) or null is written; for anything else
 * the caller sends text, so PostgreSQL reports a malformed id exactly as before.
 */
export function binaryUuidArray(value: readonly unknown[]): Buffer | undefined {
  if (value.length === 0) return undefined;
  let nulls = 0;
  for (const element of value) {
    if (element === null || element === undefined) nulls += 1;
    else if (typeof element !== 'string' || element.length !== UUID_LENGTH) return undefined;
  }
  const buffer = Buffer.allocUnsafe(HEADER_BYTES + value.length * 4 + (value.length - nulls) * 16);
  buffer.writeInt32BE(1, 0); // dimensions
  buffer.writeInt32BE(nulls > 0 ? 1 : 0, 4); // has nulls
  buffer.writeInt32BE(UUID_OID, 8);
  buffer.writeInt32BE(value.length, 12); // the dimension's length
  buffer.writeInt32BE(1, 16); // and its lower bound
  let at = HEADER_BYTES;
  for (const element of value) {
    if (typeof element !== 'string') {
      at = buffer.writeInt32BE(-1, at);
      continue;
    }
    at = buffer.writeInt32BE(16, at);
    if (!writeUuid(buffer, element, at)) return undefined;
    at += 16;
  }
  return buffer;
}

const UUID_OID = 2950;
const HEADER_BYTES = 20;
const UUID_LENGTH = 36;

/**
 * Writes a canonical uuid's 16 bytes at `at`, checking it as it goes (a hex digit everywhere but
 * the dashes at 8, 13, 18 and 23): false if it is not one. One pass, no regular expression: this
 * runs for every id of every list a request sends.
 */
function writeUuid(buffer: Buffer, uuid: string, at: number): boolean {
  let position = at;
  for (let i = 0; i < UUID_LENGTH; i += 2) {
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (uuid.charCodeAt(i) !== DASH) return false;
      i += 1;
    }
    const high = HEX[uuid.charCodeAt(i)] ?? -1;
    const low = HEX[uuid.charCodeAt(i + 1)] ?? -1;
    if (high < 0 || low < 0) return false;
    buffer[position] = (high << 4) | low;
    position += 1;
  }
  return true;
}

const DASH = 45;

/** Each character code's value as a hex digit, -1 for any other (either case, as PostgreSQL reads). */
const HEX = Int8Array.from({ length: 128 }, (_, code) => {
  const digit = '0123456789abcdef'.indexOf(String.fromCharCode(code).toLowerCase());
  return digit;
});

/**
 * The positions ($n) a statement casts to uuid[] (`$n::uuid[]`): PostgreSQL then types the
 * parameter uuid[], which is what the binary form must be. Remembered per statement text, as the
 * prepared statements' names are (a bounded set: texts past the bound are scanned each time).
 */
export function uuidArrayPositions(sql: string): ReadonlySet<number> {
  const known = POSITIONS.get(sql);
  if (known) return known;
  const positions = new Set<number>();
  for (const match of sql.matchAll(UUID_ARRAY_CAST)) positions.add(Number(match[1]));
  if (POSITIONS.size < POSITIONS_LIMIT) POSITIONS.set(sql, positions);
  return positions;
}

const UUID_ARRAY_CAST = /\$(\d+)::uuid\[\]/g;
const POSITIONS = new Map<string, ReadonlySet<number>>();
const POSITIONS_LIMIT = 1_000;
