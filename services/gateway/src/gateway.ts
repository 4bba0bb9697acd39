import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { SecretBox, TokenSigner, createAccounts } from '@tandem/accounts';
import { createCases } from '@tandem/cases';
import { systemClock } from '@tandem/core';
import { createNotes } from '@tandem/notes';
import { createNotifications } from '@tandem/notifications';
import { createFollowUps } from '@tandem/followups';
import { TREATMENT_FACTS, createTreatment } from '@tandem/treatment';
import type { Clock, Logger } from '@tandem/core';
import type { Database } from '@tandem/db';
import express from 'express';
import type { Redis } from 'ioredis';
import { buildRequestContext } from './context';
import type { GatewayContext } from './context';
import { formatErrorFor } from './errors';
import { healthRoutes } from './health';
import { httpLogger } from './http-logger';
import { createMetrics } from './metrics';
import { buildGatewaySchema } from './schema';

export interface GatewaySettings {
  readonly host: string;
  readonly port: number;
  readonly production: boolean;
  readonly shutdownTimeoutMs: number;
}

export interface GatewayDependencies {
  readonly settings: GatewaySettings;
  readonly auth: { readonly tokenSecret: string; readonly encryptionKey: Buffer };
  readonly db: Database;
  readonly redis: Redis;
  /** Prefix of this deployment's Redis keys (tests use their own). */
  readonly redisPrefix?: string;
  readonly log: Logger;
  readonly clock?: Clock;
}

export interface Gateway {
  /** e.g. http://127.0.0.1:4000 */
  readonly url: string;
  readonly graphqlUrl: string;
  /** Stop accepting, let in-flight requests finish (up to the shutdown timeout), close. */
  close(): Promise<void>;
}

export async function startGateway(deps: GatewayDependencies): Promise<Gateway> {
  const { settings, log } = deps;
  const clock = deps.clock ?? systemClock;
  const app = express();
  const httpServer = http.createServer(app);
  const accounts = createAccounts({
    db: deps.db,
    redis: deps.redis,
    redisPrefix: deps.redisPrefix ?? 'tandem',
    tokens: new TokenSigner(deps.auth.tokenSecret),
    secrets: new SecretBox(deps.auth.encryptionKey),
    clock,
    log,
  });
  const apollo = new ApolloServer<GatewayContext>({
    schema: await buildGatewaySchema([...accounts.resolvers, ...createCases(deps.db, TREATMENT_FACTS).resolvers, ...createTreatment(deps.db).resolvers, ...createNotes(deps.db).resolvers, ...createNotifications(deps.db).resolvers, ...createFollowUps(deps.db).resolvers]),
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    introspection: !settings.production,
    formatError: formatErrorFor(log),
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: settings.shutdownTimeoutMs }),
      ...(settings.production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  let draining = false;
  const metrics = createMetrics();
  const health = healthRoutes(
    [
      { name: 'postgres', ping: () => deps.db.ping() },
      { name: 'redis', ping: () => deps.redis.ping() },
    ],
    () => draining,
  );
  app.disable('x-powered-by');
  app.use(httpLogger(log));
  app.use(metrics.middleware);
  app.get('/healthz', health.healthz);
  app.get('/readyz', health.readyz);
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use(
    '/graphql',
    // Above the 100 kB a note may hold, so that an oversized note gets a clear GraphQL error.
    express.json({ limit: '3mb' }),
    expressMiddleware(apollo, {
      context: ({ req }) => buildRequestContext(req, { accounts, clock, log }),
    }),
  );

  const address = await listen(httpServer, settings.port, settings.host);
  const url = `http://${formatHost(address)}:${address.port}`;
  log.info({ url: `${url}/graphql` }, 'gateway listening');
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    async close() {
      draining = true;
      await apollo.stop();
      log.info('gateway stopped');
    },
  };
}

function listen(server: http.Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function formatHost(address: AddressInfo): string {
  if (address.family === 'IPv6') return address.address === '::' ? '[::1]' : `[${address.address}]`;
  return address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
}
