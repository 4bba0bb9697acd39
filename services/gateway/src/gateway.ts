import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { SecretBox, TokenSigner, createAccounts } from '@tandem/accounts';
import { createAudit, unsealedBacklog } from '@tandem/audit';
import { createCases } from '@tandem/cases';
import { DEFAULT_GRAPHQL_LIMITS, DEFAULT_HTTP_SETTINGS, DEFAULT_RATE_LIMITS, systemClock } from '@tandem/core';
import { createNotes } from '@tandem/notes';
import { createNotifications, safetyAlertBacklog } from '@tandem/notifications';
import { createFollowUps } from '@tandem/followups';
import { createCredentials } from '@tandem/credentials';
import { TREATMENT_FACTS, createTreatment } from '@tandem/treatment';
import type { Clock, GraphQLLimits, HttpSettings, Logger, RateLimits, TokenSigningKey } from '@tandem/core';
import type { Database } from '@tandem/db';
import { outboxBacklog, redisKeys } from '@tandem/jobs';
import express from 'express';
import type { Redis } from 'ioredis';
import { auditDenials } from './audit-denials';
import { graphqlBodyErrors } from './body-errors';
import { buildRequestContext } from './context';
import type { GatewayContext } from './context';
import { formatErrorFor } from './errors';
import { graphqlHandler } from './graphql-handler';
import { healthRoutes } from './health';
import { apiSecurityHeaders, dashboardSecurityHeaders, graphqlCors } from './http-security';
import { httpLogger } from './http-logger';
import { CostRateLimiter, limitsPlugin, operationLimitsRule } from './limits';
import { idempotentMutations } from './idempotency';
import { PERSISTED_QUERY_TTL_SECONDS, RedisQueryCache } from './persisted-queries';
import { registeredOperationsOnly } from './registered-operations';
import { oneTransactionPerRequest, requestTransactionPlugin } from './request-transaction';
import { createMetrics } from './metrics';
import { openMonitoredQueues } from './monitored-queues';
import { DASHBOARD_PATH, queueDashboard } from './queue-dashboard';
import { buildGatewaySchema } from './schema';
import { compiledExecution } from './compiled-execution';

export interface GatewaySettings {
  readonly host: string;
  readonly port: number;
  readonly production: boolean;
  readonly shutdownTimeoutMs: number;
  /** WEBHOOKS_ALLOW_PRIVATE_NETWORKS: webhook URLs may point at private addresses (tests, local development). */
  readonly webhooksAllowPrivateNetworks: boolean;
  /** GRAPHQL_MAX_*: depth, cost, aliases, directives, tokens of one operation (defaults when absent). */
  readonly graphqlLimits?: GraphQLLimits;
  /** RATE_LIMIT_*_COST_PER_MINUTE: cost units per minute per API key and per user, per tenant. */
  readonly rateLimits?: RateLimits;
  /** How long the rate limiter waits on Redis before serving unmetered (default 1 s). */
  readonly rateLimiterTimeoutMs?: number;
  /** CORS_ALLOWED_ORIGINS, REQUEST_TIMEOUT_MS, TRUST_PROXY (defaults: no origins, 30 s, no proxy). */
  readonly http?: HttpSettings;
}

export interface GatewayDependencies {
  readonly settings: GatewaySettings;
  readonly auth: { readonly tokenKeys: readonly TokenSigningKey[]; readonly encryptionKey: Buffer };
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
  const httpSettings = settings.http ?? DEFAULT_HTTP_SETTINGS;
  const app = express();
  const httpServer = http.createServer(app);
  // A client gets this long to send its whole request, and at most 10 s for its headers
  // (slow-loris); REQUEST_TIMEOUT_MS also bounds the answer (graphqlHandler).
  httpServer.requestTimeout = httpSettings.requestTimeoutMs;
  httpServer.headersTimeout = Math.min(10_000, httpSettings.requestTimeoutMs);
  // Which hops' X-Forwarded-Proto/For to believe: TLS terminates in front (docs/security.md).
  app.set('trust proxy', httpSettings.trustProxy);
  const namespace = deps.redisPrefix ?? 'tandem';
  const accounts = createAccounts({
    db: deps.db,
    redis: deps.redis,
    redisPrefix: namespace,
    tokens: new TokenSigner(deps.auth.tokenKeys),
    secrets: new SecretBox(deps.auth.encryptionKey),
    clock,
    log,
  });
  const notifications = createNotifications(deps.db, { secrets: new SecretBox(deps.auth.encryptionKey), webhooks: { allowPrivateNetworks: settings.webhooksAllowPrivateNetworks } });
  const limits = settings.graphqlLimits ?? DEFAULT_GRAPHQL_LIMITS;
  const schema = await buildGatewaySchema([...accounts.resolvers, ...createCases(deps.db, TREATMENT_FACTS).resolvers, ...createTreatment(deps.db).resolvers, ...createNotes(deps.db).resolvers, ...notifications.resolvers, ...createFollowUps(deps.db).resolvers, ...createAudit(deps.db).resolvers, ...createCredentials(deps.db).resolvers], [idempotentMutations(deps.redis, namespace)]);
  const apollo = new ApolloServer<GatewayContext>({
    // graphql-jit executes (compiled-execution.ts); Apollo parses, validates and runs the plugins.
    gateway: compiledExecution(schema),
    csrfPrevention: true,
    persistedQueries: { cache: new RedisQueryCache(deps.redis, redisKeys.persistedQueries(namespace)), ttl: PERSISTED_QUERY_TTL_SECONDS },
    allowBatchedHttpRequests: false,
    // Bounded before anything executes: tokens while parsing, shape while validating, cost and
    // rate limit just before execution (docs/api.md, "Limits and costs").
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [operationLimitsRule(limits)],
    // No "Did you mean …?" in validation errors: they would reveal the schema without introspection.
    hideSchemaDetailsFromClientErrors: true,
    includeStacktraceInErrorResponses: false,
    introspection: !settings.production,
    formatError: formatErrorFor(log),
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: settings.shutdownTimeoutMs }),
      // No cache hints are used; the default cache-control plugin would time every field.
      ApolloServerPluginCacheControlDisabled(),
      requestTransactionPlugin(log),
      auditDenials(deps.db, log),
      registeredOperationsOnly(accounts.operations),
      ...(settings.production ? [ApolloServerPluginLandingPageDisabled()] : []),
      limitsPlugin({ limits, rateLimits: settings.rateLimits ?? DEFAULT_RATE_LIMITS, rateLimiter: new CostRateLimiter(deps.redis, (reason) => log.warn({ reason }, 'rate limiter unavailable; serving unmetered'), settings.rateLimiterTimeoutMs), redisPrefix: namespace }),
    ],
  });
  await apollo.start();

  let draining = false;
  const monitored = openMonitoredQueues(deps.redis, namespace);
  const metrics = createMetrics(monitored.queues, () =>
    deps.db.asSystem('operations-metrics', async (m) => {
      const now = clock.now();
      return { safetyAlerts: await safetyAlertBacklog(m, now), outbox: await outboxBacklog(m, now), unsealedAudit: await unsealedBacklog(m, now) };
    }),
    () => deps.db.groupCommitCounts,
  );
  const health = healthRoutes(
    [
      { name: 'postgres', ping: () => deps.db.ping() },
      { name: 'redis', ping: () => deps.redis.ping() },
    ],
    () => draining,
  );
  app.disable('x-powered-by');
  // Every answer gets the JSON API's headers; the dashboard's page replaces them with its own.
  app.use(apiSecurityHeaders(settings.production));
  app.use(httpLogger(log));
  app.use(metrics.middleware);
  app.get('/healthz', health.healthz);
  app.get('/readyz', health.readyz);
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use(DASHBOARD_PATH, dashboardSecurityHeaders(settings.production), queueDashboard({ queues: monitored.queues, authenticator: accounts.authenticator, production: settings.production }));
  app.use(
    '/graphql',
    graphqlCors(httpSettings.corsAllowedOrigins),
    // Above the 100 kB a note may hold, so that an oversized note gets a clear GraphQL error.
    express.json({ limit: '3mb' }),
    oneTransactionPerRequest(deps.db, log),
    graphqlHandler(apollo, { timeoutMs: httpSettings.requestTimeoutMs, context: (req) => buildRequestContext(req, { accounts, clock, log }) }),
    graphqlBodyErrors,
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
      await monitored.close();
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
