import type { ApolloServer, BaseContext, HTTPGraphQLRequest } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { Logger } from '../logger.js';
import { bodyLimitLabel, faultFor, sendFault } from './errors.js';
import { jsonBody } from './json-body.js';
import { runInOrder, type HttpRequest, type HttpResponse, type Middleware } from './node-types.js';

export interface GraphQLRouteOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Everything that runs before the body is read: headers, CORS, the CSRF and content-type guard. */
  before: readonly Middleware[];
  /** Checks of the parsed body (the batch limit). */
  after: readonly Middleware[];
  /** The largest body accepted, in bytes (answered 413 beyond it). */
  bodyLimitBytes: number;
  context: (req: HttpRequest, res: HttpResponse) => Promise<TContext>;
  logger: Logger;
}

/**
 * Every answer of /graphql, whatever its status, is for one caller at one moment: tokens,
 * profiles, sessions, or an error about them. No browser, proxy or CDN may keep a copy.
 */
const NO_STORE = 'no-store';

/**
 * POST and GET /graphql on Node's own HTTP server, the way Apollo Server's standalone server
 * does it (Express serves only the other routes). The bench measured Express 5 (its router, the
 * request/response prototypes, `res.send`) at about half of a bare Apollo request's CPU time
 * (0.25 vs 0.12 ms): on the route every client calls, that is the biggest cost we chose.
 * The same guards run as before, as plain connect-style steps, and every failure is answered
 * with the same JSON `errors` body. Every answer, the guards' refusals included, carries
 * `Cache-Control: no-store`.
 */
export function graphqlRoute<TContext extends BaseContext>(options: GraphQLRouteOptions<TContext>) {
  const { apollo, bodyLimitBytes, logger } = options;
  const bodyLimit = bodyLimitLabel(bodyLimitBytes);
  const steps: Middleware[] = [...options.before, jsonBody(bodyLimitBytes), ...options.after];

  const execute = async (req: HttpRequest, res: HttpResponse) => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const request: HTTPGraphQLRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      headers,
      search: query === -1 ? '' : url.slice(query),
      body: req.body,
    };
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: request,
      context: () => options.context(req, res),
    });
    // Apollo's own cache hints (e.g. on persisted-query errors) never replace no-store.
    for (const [name, value] of response.headers) if (name !== 'cache-control') res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  const fail = (res: HttpResponse, error: unknown) => {
    if (res.headersSent) {
      logger.error({ err: error }, 'error after the response started');
      res.destroy();
      return;
    }
    sendFault(res, faultFor(error, bodyLimit, logger));
  };

  return (req: HttpRequest, res: HttpResponse): void => {
    res.setHeader('cache-control', NO_STORE);
    runInOrder(steps, req, res, (error) => {
      if (error !== undefined) return fail(res, error);
      execute(req, res).catch((thrown: unknown) => fail(res, thrown));
    });
  };
}

/** Whether a request URL is /graphql (with or without a trailing slash or a query string). */
export function isGraphQLPath(url: string | undefined): boolean {
  const path = (url ?? '').split('?', 1)[0];
  return path === '/graphql' || path === '/graphql/';
}
