import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, compileTrustProxy, requestHostname, requestScheme } from '../../src/http/proxy-trust.js';

/** A request as Node's HTTP server hands it over: headers in lower case, the peer on the socket. */
const request = (remoteAddress: string, headers: Record<string, string>, { encrypted = false } = {}) =>
  ({ headers, socket: { remoteAddress, encrypted }, connection: { remoteAddress } }) as unknown as IncomingMessage;

describe('TRUST_PROXY', () => {
  it('believes nobody by default: the socket is the client and Host is the host', () => {
    const trust = compileTrustProxy(false);
    const req = request('10.0.0.5', { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-host': 'evil.example', host: 'auth.example.com:8443' });
    expect(clientAddress(req, trust)).toBe('10.0.0.5');
    expect(requestHostname(req, trust)).toBe('auth.example.com');
  });

  it('with a hop count, takes the client and host a trusted proxy names', () => {
    const trust = compileTrustProxy(1);
    const req = request('10.0.0.5', { 'x-forwarded-for': '198.51.100.1, 203.0.113.9', 'x-forwarded-host': 'auth.example.com, other', host: '10.0.0.1' });
    expect(clientAddress(req, trust)).toBe('203.0.113.9');
    expect(requestHostname(req, trust)).toBe('auth.example.com');
  });

  it('with addresses, believes only those proxies', () => {
    const trust = compileTrustProxy(['loopback']);
    const proxied = request('127.0.0.1', { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-host': 'auth.example.com', host: 'localhost' });
    expect(clientAddress(proxied, trust)).toBe('203.0.113.9');
    expect(requestHostname(proxied, trust)).toBe('auth.example.com');
    const direct = request('192.0.2.7', { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-host': 'evil.example', host: 'localhost:4000' });
    expect(clientAddress(direct, trust)).toBe('192.0.2.7');
    expect(requestHostname(direct, trust)).toBe('localhost');
  });

  it('keeps an IPv6 literal host whole', () => {
    expect(requestHostname(request('::1', { host: '[::1]:4000' }), compileTrustProxy(false))).toBe('[::1]');
  });
});

describe('the scheme the client used (X-Forwarded-Proto only from TRUST_PROXY)', () => {
  it('is https on a TLS connection, whatever the headers say', () => {
    expect(requestScheme(request('203.0.113.9', { 'x-forwarded-proto': 'http' }, { encrypted: true }), compileTrustProxy(false))).toBe('https');
  });

  it('ignores X-Forwarded-Proto by default: plain http is http', () => {
    expect(requestScheme(request('127.0.0.1', { 'x-forwarded-proto': 'https', host: '127.0.0.1:4000' }), compileTrustProxy(false))).toBe('http');
  });

  it('believes X-Forwarded-Proto from a trusted proxy, also when it rewrote Host to loopback', () => {
    const trust = compileTrustProxy(['loopback']);
    const proxied = request('127.0.0.1', { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9', host: '127.0.0.1:4000' });
    expect(requestScheme(proxied, trust)).toBe('https');
    expect(requestScheme(request('127.0.0.1', { 'x-forwarded-proto': 'HTTPS' }), compileTrustProxy(1))).toBe('https');
    expect(requestScheme(request('127.0.0.1', { 'x-forwarded-proto': 'http' }), trust)).toBe('http');
  });

  it('ignores X-Forwarded-Proto from a peer that is not a trusted proxy', () => {
    const trust = compileTrustProxy(['10.0.0.0/8']);
    expect(requestScheme(request('192.0.2.7', { 'x-forwarded-proto': 'https' }), trust)).toBe('http');
  });

  it("reads an appending proxy's own value, not what the client put in front of it", () => {
    // The client sent "X-Forwarded-Proto: https" over plain http; the proxy appended "http".
    const spoofed = request('10.0.0.2', { 'x-forwarded-proto': 'https, http', 'x-forwarded-for': '203.0.113.9' });
    expect(requestScheme(spoofed, compileTrustProxy(['10.0.0.0/8']))).toBe('http');
    expect(requestScheme(spoofed, compileTrustProxy(1))).toBe('http');
  });

  it('follows a chain of trusted proxies back to the outermost one', () => {
    // CDN (TLS, 10.0.0.1) -> load balancer (10.0.0.2) -> us; each appended what it saw.
    const chained = request('10.0.0.2', { 'x-forwarded-proto': 'https, http', 'x-forwarded-for': '203.0.113.9, 10.0.0.1' });
    expect(requestScheme(chained, compileTrustProxy(['10.0.0.0/8']))).toBe('https');
    expect(requestScheme(chained, compileTrustProxy(2))).toBe('https');
    // Trusting only the nearest hop: what it saw from the CDN was http.
    expect(requestScheme(chained, compileTrustProxy(1))).toBe('http');
  });
});
