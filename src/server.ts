import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler, type Request } from 'express';
import type { MikroORM } from '@mikro-orm/core';
import type { Services } from './auth/services.js';
import type { Config } from './config.js';
import { buildContext, type GraphQLContext } from './context.js';
import { createErrorFormatter } from './graphql/errors.js';
import { createSchema } from './graphql/schema.js';
import type { Logger } from './logger.js';

export interface ServerDeps {
  config: Config;
  orm: MikroORM;
  services: Services;
  logger: Logger;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:4000 */
  origin: string;
  httpServer: Server;
  /** Stops accepting connections, lets in-flight requests finish, then resolves. */
  stop(): Promise<void>;
}

const BODY_LIMIT = '100kb';
const REQUEST_ID_PATTERN = /^[\w.:-]{1,128}$/;

function requestId(req: Request): string {
  const given = req.get('x-request-id');
  return given && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
}

/** Every HTTP-level failure is a JSON body with an `errors` array, never Express's HTML page. */
const jsonErrorHandler =
  (logger: Logger): ErrorRequestHandler =>
  (error, _req, res, _next) => {
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error }, 'unhandled HTTP error');
    const message = status === 500 ? 'Internal server error.' : error.expose ? String(error.message) : 'Bad request.';
    res.status(status).json({ errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] });
  };

export async function startServer({ config, orm, services, logger }: ServerDeps): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const httpServer = createServer(app);

  const apollo = new ApolloServer<GraphQLContext>({
    schema: createSchema(),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM/SIGINT; Apollo's own handlers (installed outside NODE_ENV=test) race
    // with it and left `npm start` hanging 10 s on SIGTERM until the forced exit.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter(logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      config.isProduction ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault(),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.use(
    '/graphql',
    express.json({ limit: BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const id = requestId(req);
        res.setHeader('x-request-id', id);
        const meta = { requestId: id, ipAddress: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
        return buildContext(services, orm.em.fork(), meta, req.get('authorization'));
      },
    }),
  );

  app.use((_req, res) => {
    res.status(404).json({ errors: [{ message: 'Not found.', extensions: { code: 'NOT_FOUND' } }] });
  });
  app.use(jsonErrorHandler(logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { address, port } = httpServer.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    origin: `http://${host}:${port}`,
    httpServer,
    stop: () => apollo.stop(),
  };
}
