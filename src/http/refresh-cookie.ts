import { serialize, type CookieSerializeOptions } from 'cookie';
import { header, type HttpRequest, type HttpResponse } from './node-types.js';
import { requestHostname, requestScheme, type TrustFunction } from './proxy-trust.js';

/**
 * The refresh token as an httpOnly cookie (REFRESH_TOKEN_COOKIE=true), for browser apps: a
 * script on the page can never read it, so an XSS bug cannot carry it away. For the same
 * reason the answers leave the refresh token out of their body in this mode (the cookie is the
 * only copy; see graphql/resolvers/refresh-cookie-tokens.ts).
 *
 * CSRF: the cookie is SameSite=Strict (another site's page never makes the browser send it),
 * and Apollo Server's CSRF prevention still refuses every request that a plain HTML form or a
 * "simple" fetch could send.
 */
export interface RefreshCookie {
  /** True when the cookie carries the refresh token (REFRESH_TOKEN_COOKIE=true): answers leave it out. */
  readonly carriesRefreshToken: boolean;
  /** The refresh token the browser sent, or null (always null when the option is off). */
  read(): string | null;
  /** Hands a new refresh token to the browser; does nothing when the option is off. */
  set(token: string, maxAgeSeconds: number): void;
  /** Tells the browser to forget the cookie; does nothing when the option is off. */
  clear(): void;
}

/** Under which name, path and Secure flag the cookie lives for one request. */
export interface RefreshCookieScope {
  name: string;
  path: string;
  secure: boolean;
}

/**
 * The cookie of every deployment: Secure, and named with the `__Host-` prefix, which browsers
 * accept only from a secure origin, only with Secure, `Path=/` and no Domain. So no sibling
 * subdomain and no man in the middle on plain http can plant or overwrite it, and only a cookie
 * of that name is read. The prefix demands `Path=/`: the cookie also goes with requests for
 * other paths of the API's host. It is httpOnly and SameSite=Strict, and a path was never a
 * security boundary between pages of one origin, so nothing is lost but a few bytes.
 */
export const SECURE_REFRESH_COOKIE: RefreshCookieScope = { name: '__Host-cloud_auth_refresh', path: '/', secure: true };
/**
 * Development on plain http://localhost only: browsers keep non-Secure cookies there (Safari
 * keeps no Secure cookie on plain http at all), and the prefix would need Secure. Scoped to the
 * API's path.
 */
export const LOCAL_REFRESH_COOKIE: RefreshCookieScope = { name: 'cloud_auth_refresh', path: '/graphql', secure: false };

/** Names browsers treat as this machine. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** A JWT: base64url parts joined by dots. Anything else in the cookie is ignored. */
const TOKEN_PATTERN = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const MAX_TOKEN_LENGTH = 4096;

export const noRefreshCookie: RefreshCookie = { carriesRefreshToken: false, read: () => null, set() {}, clear() {} };

/** The value of one cookie in a `Cookie` header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  for (const pair of (header ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return null;
}

/** What decides the cookie's scope: how the client reached the API, and the mode. */
export interface CookieRequest {
  scheme: 'https' | 'http';
  /** The host name the client asked for (without the port). */
  hostname: string | undefined;
  production: boolean;
}

/**
 * Secure (and `__Host-`) unless this is development over plain http on loopback. The scheme
 * decides, not the host name alone: a proxy that terminates TLS and forwards to
 * `127.0.0.1:4000` rewrites Host to a loopback name, and the answer must still be Secure. A
 * trusted proxy's `X-Forwarded-Proto: https` shows that (TRUST_PROXY, proxy-trust.ts); and in
 * production the cookie is always Secure, so that a proxy left out of TRUST_PROXY, or plain
 * http where TLS was meant, can never strip it. Plain http to any other name stays Secure too:
 * the browser then keeps no cookie, rather than sending a refresh token in clear text.
 */
export function refreshCookieScope({ scheme, hostname, production }: CookieRequest): RefreshCookieScope {
  const localDevelopment = !production && scheme === 'http' && LOOPBACK_HOSTS.has(hostname ?? '');
  return localDevelopment ? LOCAL_REFRESH_COOKIE : SECURE_REFRESH_COOKIE;
}

export interface RefreshCookieSettings {
  /** Whose X-Forwarded-Proto and X-Forwarded-Host to believe (TRUST_PROXY). */
  trust: TrustFunction;
  production: boolean;
}

/**
 * The cookie of this request, in the scope that its scheme and host call for
 * (`refreshCookieScope`), worked out on first use: most requests (`me`) never touch the cookie.
 */
export function refreshCookieFor(req: HttpRequest, res: HttpResponse, { trust, production }: RefreshCookieSettings): RefreshCookie {
  let scope: RefreshCookieScope | undefined;
  const scopeOfRequest = () =>
    (scope ??= refreshCookieScope({ scheme: requestScheme(req, trust), hostname: requestHostname(req, trust), production }));
  const options = ({ secure, path }: RefreshCookieScope): CookieSerializeOptions => ({ httpOnly: true, secure, sameSite: 'strict', path });
  const write = (value: string, extra: CookieSerializeOptions) => {
    const current = scopeOfRequest();
    appendSetCookie(res, serialize(current.name, value, { ...options(current), ...extra }));
    // A Secure cookie under the plain name, set by an earlier version (Path=/graphql): never read
    // again, so it is dropped rather than left to travel with every request until it expires.
    if (current.secure && readCookie(header(req, 'cookie'), LOCAL_REFRESH_COOKIE.name) !== null) {
      const previous = { ...LOCAL_REFRESH_COOKIE, secure: true };
      appendSetCookie(res, serialize(previous.name, '', { ...options(previous), expires: new Date(1) }));
    }
  };
  return {
    carriesRefreshToken: true,
    read() {
      // Only the name of this scope: a plain-named cookie sent over https could have been planted.
      const token = readCookie(header(req, 'cookie'), scopeOfRequest().name);
      return token && token.length <= MAX_TOKEN_LENGTH && TOKEN_PATTERN.test(token) ? token : null;
    },
    set(token, maxAgeSeconds) {
      write(token, { maxAge: maxAgeSeconds, expires: new Date(Date.now() + maxAgeSeconds * 1000) });
    },
    clear() {
      write('', { expires: new Date(1) });
    },
  };
}

/** Adds a Set-Cookie header, keeping any set before it. */
function appendSetCookie(res: HttpResponse, cookie: string): void {
  const previous = res.getHeader('set-cookie');
  const cookies = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)];
  res.setHeader('set-cookie', [...cookies, cookie]);
}
