import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, compileTrustProxy, requestHostname } from '../../src/http/proxy-trust.js';

/** A request as Node's HTTP server hands it over: headers in lower case, the peer on the socket. */
const request = (remoteAddress: string, headers: Record<string, string>) =>
  ({ headers, socket: { remoteAddress }, connection: { remoteAddress } }) as unknown as IncomingMessage;

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
