import { DataSource } from 'typeorm';
import type { EntitySchema, MixedList } from 'typeorm';
import { schemaMigrations } from './migrations';

export interface DataSourceOptions {
  readonly url: string;
  readonly applicationName: string;
  readonly poolSize?: number;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own entity list type
  readonly entities?: MixedList<Function | string | EntitySchema>;
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
    logging: false,
    poolSize: options.poolSize ?? 10,
    // Fail fast when the server is away: readiness must say "not ready", not hang.
    connectTimeoutMS: 3_000,
    extra: { idleTimeoutMillis: 30_000 },
  });
}
