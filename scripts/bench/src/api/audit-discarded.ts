import { asOwner } from './owner';

/**
 * Runs `fn` while the database discards audit rows: a BEFORE INSERT trigger on audit_event,
 * created as the owner in the benchmark's own database and dropped afterwards, returns NULL for
 * every row. The gateway still sends its audit INSERTs (one per resolver or loader batch), so the
 * difference from the normal row is what writing the rows costs — heap, indexes, WAL — and the
 * statements themselves are counted in both. Tandem has no switch to stop auditing, and this
 * benchmark does not add one.
 */
export async function withAuditRowsDiscarded<T>(ownerUrl: string, fn: () => Promise<T>): Promise<T> {
  return asOwner(ownerUrl, async (owner) => {
    await owner.query(`CREATE FUNCTION bench_discard_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`);
    await owner.query(`CREATE TRIGGER bench_discard_audit BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION bench_discard_row()`);
    try {
      return await fn();
    } finally {
      await owner.query(`DROP TRIGGER bench_discard_audit ON audit_event`);
      await owner.query(`DROP FUNCTION bench_discard_row()`);
    }
  });
}
