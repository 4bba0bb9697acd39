import { DataSource } from 'typeorm';
import type { EntitySchema, MixedList } from 'typeorm';
import { schemaMigrations } from './migrations';
import { Client } from 'pg';
import { pipeliningClient } from './pipelining-client';
import { preparingClient } from './prepared-statements';
import { tandemTypes } from './type-parsers';
import type { StatementCounter } from './statement-counter';

export interface DataSourceOptions {
  readonly url: string;
  readonly applicationName: string;
  readonly poolSize?: number;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own entity list type
  readonly entities?: MixedList<Function | string | EntitySchema>;
  /** Parameterised statements as named prepared statements (prepared-statements.ts); off by default. */
  readonly preparedStatements?: boolean;
  /** Receives every statement (TypeORM calls it only when query logging is on). */
  readonly counter?: StatementCounter;
}

/** A TypeORM data source on PostgreSQL. `synchronize` is never on: the schema is migrations. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    applicationName: options.applicationName,
    entities: options.entities ?? [],
    migrations: schemaMigrations,
    synchronize: false,
    migrationsRun: false,
    logging: options.counter ? ['query'] : false,
    ...(options.counter ? { logger: options.counter } : {}),
    poolSize: options.poolSize ?? 10,
    // Fail fast when the server is away: readiness must say "not ready", not hang.
    connectTimeoutMS: 3_000,
    extra: {
      idleTimeoutMillis: 30_000,
      types: tandemTypes,
      Client: pipeliningClient(options.preparedStatements ? preparingClient() : Client, () => options.counter?.wrote()),
    },
  });
}
