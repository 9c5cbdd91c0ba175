import cors from 'cors';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Middleware } from './node-types.js';
import helmet from 'helmet';
import type { Config } from '../config/index.js';

/** http(s)://localhost, 127.0.0.1 or [::1] on any port: browser apps under development. */
const LOCALHOST_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

export function isAllowedOrigin(origin: string, { cors: policy }: Pick<Config, 'cors'>): boolean {
  return policy.origins.includes(origin) || (policy.allowLocalhost && LOCALHOST_ORIGIN.test(origin));
}

/**
 * CORS for /graphql: only the configured origins (CORS_ORIGINS; by default in development the
 * localhost origins and Apollo Sandbox's hosted origin, in production none). Tokens travel in the
 * Authorization header, so credentials are not allowed: the refresh-token cookie
 * (REFRESH_TOKEN_COOKIE) is for apps served from the API's own origin. A refused origin gets
 * no CORS headers, and the browser keeps the answer from the page.
 */
export function corsPolicy(config: Pick<Config, 'cors'>): Middleware {
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && isAllowedOrigin(origin, config)),
    methods: ['GET', 'POST', 'OPTIONS'],
    exposedHeaders: ['x-request-id'],
    maxAge: 600,
  });
}

/**
 * Security headers (helmet). The API answers JSON, so production sends the strictest
 * Content-Security-Policy. In development the Apollo Sandbox landing page is HTML that loads
 * Apollo's CDN scripts and brings its own nonce-based CSP in a <meta> tag; a second, stricter
 * header policy would block it, so development sends none and keeps every other header.
 *
 * The headers do not depend on the request, so helmet runs once, at start-up, and every
 * request gets its result: helmet's chain of a dozen middlewares per request was about 5% of a
 * `me` request in the bench's profile.
 */
export function securityHeaders(config: Pick<Config, 'isProduction'>): Middleware {
  const headers = headersSetBy(
    helmet({
      contentSecurityPolicy: config.isProduction
        ? {
            useDefaults: false,
            directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
          }
        : false,
      // Plain HTTP on 127.0.0.1 in development; a TLS-terminating proxy sets HSTS in production.
      strictTransportSecurity: config.isProduction,
    }),
  );
  return (_req, res, next) => {
    res.setHeaders(headers);
    next();
  };
}

/** The headers a request-independent middleware sets, recorded by running it once on a stand-in response. */
function headersSetBy(middleware: ReturnType<typeof helmet>): Map<string, string> {
  const headers = new Map<string, string>();
  let done = false;
  const response = {
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), value),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  middleware({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  if (!done) throw new Error('the security-header middleware did not finish synchronously');
  return headers;
}
