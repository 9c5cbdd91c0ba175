import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The request and response of Node's own HTTP server, as /graphql handles them (no Express on
 * that route: see graphql-route.ts). `body` is set by the JSON body parser.
 */
export type HttpRequest = IncomingMessage & { body?: unknown };
export type HttpResponse = ServerResponse;

/** A connect-style step: calls `next()` to go on, `next(error)` to fail, or answers itself. */
export type Middleware = (req: HttpRequest, res: HttpResponse, next: (error?: unknown) => void) => void;

/** One header's value (repeated headers joined with ", "), or undefined. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Runs `middlewares` in order, then `done()`; the first error, thrown or passed to `next`,
 * goes to `done(error)` and stops the chain. A step that answers the request itself simply
 * never calls `next`.
 */
export function runInOrder(
  middlewares: readonly Middleware[],
  req: HttpRequest,
  res: HttpResponse,
  done: (error?: unknown) => void,
): void {
  let index = 0;
  const next = (error?: unknown): void => {
    if (error !== undefined && error !== null) return done(error);
    const middleware = middlewares[index++];
    if (!middleware) return done();
    try {
      middleware(req, res, next);
    } catch (thrown) {
      done(thrown);
    }
  };
  next();
}
