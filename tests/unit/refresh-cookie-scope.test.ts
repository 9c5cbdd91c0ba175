import { describe, expect, it } from 'vitest';
import { LOCAL_REFRESH_COOKIE, refreshCookieScope, SECURE_REFRESH_COOKIE } from '../../src/http/refresh-cookie.js';

describe('the refresh cookie: Secure and __Host- unless it is development on plain http://localhost', () => {
  it('is Secure, named __Host-cloud_auth_refresh, with Path=/ (as the prefix requires), for https', () => {
    expect(SECURE_REFRESH_COOKIE).toEqual({ name: '__Host-cloud_auth_refresh', path: '/', secure: true });
    expect(refreshCookieScope({ scheme: 'https', hostname: 'auth.example.com', production: false })).toBe(SECURE_REFRESH_COOKIE);
  });

  it('stays Secure over https when a proxy rewrote the host to loopback', () => {
    for (const hostname of ['127.0.0.1', 'localhost', '[::1]']) {
      expect(refreshCookieScope({ scheme: 'https', hostname, production: false })).toBe(SECURE_REFRESH_COOKIE);
    }
  });

  it('is always Secure in production, even when the request looks like plain http to loopback', () => {
    expect(refreshCookieScope({ scheme: 'http', hostname: '127.0.0.1', production: true })).toBe(SECURE_REFRESH_COOKIE);
    expect(refreshCookieScope({ scheme: 'http', hostname: 'localhost', production: true })).toBe(SECURE_REFRESH_COOKIE);
  });

  it('is plain-named, non-Secure and scoped to /graphql on plain http to loopback in development', () => {
    expect(LOCAL_REFRESH_COOKIE).toEqual({ name: 'cloud_auth_refresh', path: '/graphql', secure: false });
    for (const hostname of ['127.0.0.1', 'localhost', '[::1]']) {
      expect(refreshCookieScope({ scheme: 'http', hostname, production: false })).toBe(LOCAL_REFRESH_COOKIE);
    }
  });

  it('is Secure over plain http to any other name (the browser keeps nothing rather than a token in clear text)', () => {
    expect(refreshCookieScope({ scheme: 'http', hostname: 'auth.example.com', production: false })).toBe(SECURE_REFRESH_COOKIE);
    expect(refreshCookieScope({ scheme: 'http', hostname: '10.0.0.7', production: false })).toBe(SECURE_REFRESH_COOKIE);
    expect(refreshCookieScope({ scheme: 'http', hostname: undefined, production: false })).toBe(SECURE_REFRESH_COOKIE);
  });
});
