import { randomUUID } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import express from 'express';
import type { MikroORM } from '@mikro-orm/core';
import type { Services } from './services.js';
import type { Config } from './config/index.js';
import { buildContext, type GraphQLContext } from './context.js';
import { createErrorFormatter } from './graphql/errors.js';
import { documentLimits } from './graphql/limits.js';
import { createSchema } from './graphql/schema.js';
import { createSubgraphSchema } from './federation/index.js';
import { bodyLimitLabel, jsonErrorHandler } from './http/errors.js';
import { graphqlRoute, isGraphQLPath } from './http/graphql-route.js';
import { header, type HttpRequest } from './http/node-types.js';
import { clientAddress, compileTrustProxy } from './http/proxy-trust.js';
import { limitBatch, requireJsonPost } from './http/request-guards.js';
import { corsPolicy, securityHeaders } from './http/security.js';
import type { Logger } from './logger.js';
import { checkDatabaseReadiness } from './db/readiness.js';
import { observabilityPlugin } from './observability/graphql-plugin.js';
import { Metrics } from './observability/metrics.js';
import { noRefreshCookie, refreshCookieFor } from './http/refresh-cookie.js';
import { wellKnownRoutes } from './http/well-known.js';
import { identityCallbackRoute } from './http/identity-callback.js';

export interface ServerDeps {
  config: Config;
  orm: MikroORM;
  services: Services;
  logger: Logger;
  /** Shared with the metrics listener; a private one when not given. */
  metrics?: Metrics;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:4000 */
  origin: string;
  httpServer: Server;
  /**
   * Drains: `/readyz` answers 503 at once and every answer from then on carries `Connection:
   * close`; for `acceptForMs` (default 0) the server goes on accepting and serving, so that
   * requests a load balancer or a kept-alive client sends before it has seen the 503 are still
   * answered; then it stops accepting, lets in-flight requests finish, and resolves.
   */
  stop(options?: StopOptions): Promise<void>;
}

export interface StopOptions {
  acceptForMs?: number;
}

const BODY_LIMIT_BYTES = 100 * 1024;
const BODY_LIMIT = bodyLimitLabel(BODY_LIMIT_BYTES);
const REQUEST_ID_PATTERN = /^[\w.:-]{1,128}$/;

function requestId(req: HttpRequest): string {
  const given = header(req, 'x-request-id');
  return given && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
}

export async function startServer({ config, orm, services, logger, metrics: givenMetrics }: ServerDeps): Promise<RunningServer> {
  const metrics = givenMetrics ?? new Metrics(() => services.sessions.countActive(orm.em.fork()), logger);
  /** Set once stop() begins: /readyz turns 503 so that a load balancer stops sending traffic, and connections close after their answer. */
  let draining = false;
  // Whose X-Forwarded-For names the client (the key of per-address limits): nobody's by default.
  const trust = compileTrustProxy(config.trustProxy);
  const cookieSettings = { trust, production: config.isProduction };
  const headers = securityHeaders(config);
  // Express serves the small routes; /graphql is served without it (http/graphql-route.ts).
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(headers);
  // Set once Apollo has started (its drain plugin needs the HTTP server first); nothing
  // listens before then.
  let graphql: ((req: HttpRequest, res: ServerResponse) => void) | undefined;
  const httpServer = createServer((req, res) => {
    // While draining, each connection closes after its answer, so that a kept-alive client opens
    // a new one (to another instance) rather than reusing one this instance is about to close.
    if (draining) res.setHeader('connection', 'close');
    if (graphql && isGraphQLPath(req.url)) graphql(req, res);
    else app(req, res);
  });

  const apollo = new ApolloServer<GraphQLContext>({
    // SUBGRAPH=true: the same resolvers, rules and limits, as an Apollo Federation 2 subgraph.
    schema: config.subgraph ? createSubgraphSchema({ serveSdl: config.introspection }) : createSchema(),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // main.ts owns signal handling (drain, close the database, exit).
    stopOnTerminationSignals: false,
    // Apollo's default, stated because the refresh-token cookie relies on it: requests a plain
    // form or a "simple" cross-site fetch can send are refused before anything runs.
    csrfPrevention: true,
    formatError: createErrorFormatter(logger, { hideSuggestions: config.isProduction }),
    ...documentLimits(config.graphqlLimits),
    allowBatchedHttpRequests: config.graphqlLimits.maxBatch > 0,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutSeconds * 1000 }),
      observabilityPlugin(logger, metrics, services.eventSink),
      // No cache hints are used (answers are per caller); Apollo's default cache-control plugin
      // would otherwise wrap every field resolver of every request to collect them.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo Server turns on federated tracing (ftv1) for a subgraph schema, and says so on the
      // console: per-field timings for GraphOS usage reporting, which this service does not use;
      // off, so that a gateway's request costs what a plain one does and the logs stay JSON.
      ApolloServerPluginInlineTraceDisabled(),
      config.isProduction ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault(),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Ready: this instance can serve (database reachable, every migration applied, not draining).
  app.get('/readyz', async (_req, res) => {
    const check = await checkDatabaseReadiness(orm);
    const status = draining ? 'draining' : check.ready ? 'ready' : 'unavailable';
    res.status(status === 'ready' ? 200 : 503).json({ status, database: check.database, migrations: check.migrations });
  });

  // The JWK Set and the discovery document (keys/): public, for services that verify our tokens.
  let origin = '';
  app.use(wellKnownRoutes({ ring: services.keyRing, issuer: config.jwtIssuer, publicUrl: () => config.publicUrl ?? origin }));

  // Where identity providers send the browser back (src/providers/).
  app.use(
    identityCallbackRoute({
      flows: services.identityFlows,
      rateLimits: services.rateLimits,
      em: () => orm.em.fork(),
      meta: (req) => ({ requestId: requestId(req), ipAddress: clientAddress(req, trust), userAgent: header(req, 'user-agent') ?? null }),
      logger,
    }),
  );

  graphql = graphqlRoute({
    apollo,
    before: [headers, corsPolicy(config), requireJsonPost],
    after: [limitBatch(config.graphqlLimits.maxBatch)],
    bodyLimitBytes: BODY_LIMIT_BYTES,
    logger,
    context: async (req, res) => {
      const id = requestId(req);
      res.setHeader('x-request-id', id);
      const meta = { requestId: id, ipAddress: clientAddress(req, trust), userAgent: header(req, 'user-agent') ?? null };
      const refreshCookie = config.refreshTokenCookie ? refreshCookieFor(req, res, cookieSettings) : noRefreshCookie;
      return buildContext(services, orm.em, meta, header(req, 'authorization'), refreshCookie);
    },
  });

  app.use((_req, res) => {
    res.status(404).json({ errors: [{ message: 'Not found.', extensions: { code: 'NOT_FOUND' } }] });
  });
  app.use(jsonErrorHandler(logger, BODY_LIMIT));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { address, port } = httpServer.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  origin = `http://${host}:${port}`;
  services.identityCallbackOrigin.listeningAt(config.publicUrl ?? origin);

  return {
    origin,
    httpServer,
    stop: async ({ acceptForMs = 0 }: StopOptions = {}) => {
      draining = true;
      if (acceptForMs > 0) await new Promise((resolve) => setTimeout(resolve, acceptForMs));
      // Apollo's drain plugin: stop accepting, close idle connections, wait for in-flight
      // requests (at most SHUTDOWN_TIMEOUT), then close what is left.
      await apollo.stop();
    },
  };
}
