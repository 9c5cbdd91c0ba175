import { serialize, type CookieSerializeOptions } from 'cookie';
import { header, type HttpRequest, type HttpResponse } from './node-types.js';

/**
 * The refresh token as an httpOnly cookie (REFRESH_TOKEN_COOKIE=true), for browser apps: a
 * script on the page can never read it, so an XSS bug cannot carry it away.
 *
 * CSRF: the cookie is SameSite=Strict (another site's page never makes the browser send it),
 * scoped to Path=/graphql, and Apollo Server's CSRF prevention still refuses every request that
 * a plain HTML form or a "simple" fetch could send.
 */
export interface RefreshCookie {
  /** The refresh token the browser sent, or null (always null when the option is off). */
  read(): string | null;
  /** Hands a new refresh token to the browser; does nothing when the option is off. */
  set(token: string, maxAgeSeconds: number): void;
  /** Tells the browser to forget the cookie; does nothing when the option is off. */
  clear(): void;
}

export const REFRESH_COOKIE_NAME = 'cloud_auth_refresh';
export const REFRESH_COOKIE_PATH = '/graphql';

/** Browsers treat plain-http loopback as a secure context; a Secure cookie would not be kept there. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** A JWT: base64url parts joined by dots. Anything else in the cookie is ignored. */
const TOKEN_PATTERN = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const MAX_TOKEN_LENGTH = 4096;

export const noRefreshCookie: RefreshCookie = { read: () => null, set() {}, clear() {} };

/** The value of one cookie in a `Cookie` header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  for (const pair of (header ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return null;
}

/**
 * The cookie of this request. `hostname` is the host the client asked for (see
 * proxy-trust.ts): the cookie is Secure except on loopback.
 */
export function refreshCookieFor(req: HttpRequest, res: HttpResponse, hostname: string | undefined): RefreshCookie {
  const options: CookieSerializeOptions = {
    httpOnly: true,
    secure: !LOOPBACK_HOSTS.has(hostname ?? ''),
    sameSite: 'strict',
    path: REFRESH_COOKIE_PATH,
  };
  return {
    read() {
      const token = readCookie(header(req, 'cookie'), REFRESH_COOKIE_NAME);
      return token && token.length <= MAX_TOKEN_LENGTH && TOKEN_PATTERN.test(token) ? token : null;
    },
    set(token, maxAgeSeconds) {
      const expires = new Date(Date.now() + maxAgeSeconds * 1000);
      appendSetCookie(res, serialize(REFRESH_COOKIE_NAME, token, { ...options, maxAge: maxAgeSeconds, expires }));
    },
    clear() {
      appendSetCookie(res, serialize(REFRESH_COOKIE_NAME, '', { ...options, expires: new Date(1) }));
    },
  };
}

/** Adds a Set-Cookie header, keeping any set before it. */
function appendSetCookie(res: HttpResponse, cookie: string): void {
  const previous = res.getHeader('set-cookie');
  const cookies = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)];
  res.setHeader('set-cookie', [...cookies, cookie]);
}
