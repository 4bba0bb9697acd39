import { databaseNameOf, runtimeUrlFor, withCredentials } from './urls';

describe('database URLs', () => {
  it('swap credentials and database, escaping what needs escaping', () => {
    const url = withCredentials('postgres://admin:secret@db.internal:5433/postgres?sslmode=require', {
      user: 'tandem_owner',
      password: 'p@ss/w:rd',
      database: 'tandem',
    });
    expect(url).toBe('postgres://tandem_owner:p%40ss%2Fw%3Ard@db.internal:5433/tandem?sslmode=require');
    expect(databaseNameOf(url)).toBe('tandem');
    expect(databaseNameOf('postgres://db.internal')).toBe('postgres');
  });

  it('derive the runtime URL from the owner URL unless one is given', () => {
    const database = { ownerUrl: 'postgres://tandem_owner:o@db/tandem', runtimePassword: 'runtime-secret-1' };
    expect(runtimeUrlFor(database)).toBe('postgres://tandem_app:runtime-secret-1@db/tandem');
    expect(runtimeUrlFor({ ...database, runtimeUrl: 'postgres://custom_app:x@db/tandem' })).toBe('postgres://custom_app:x@db/tandem');
  });
});
