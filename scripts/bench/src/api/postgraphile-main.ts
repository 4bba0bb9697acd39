import { startPostGraphile } from './postgraphile';

/**
 * PostGraphile in a process of its own, for `pnpm bench:api:ab`: it serves DATABASE_RUNTIME_URL
 * with a pool of DATABASE_POOL_SIZE (the gateway's), prints its GraphQL URL as its first line, and runs until SIGTERM.
 */
startPostGraphile(process.env.DATABASE_RUNTIME_URL ?? '', Number(process.env.DATABASE_POOL_SIZE)).then(
  (server) => {
    console.log(server.url);
    process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
