import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';
import type { TrustProxy } from '../config/index.js';
import { header } from './node-types.js';

/** Whether the hop at `index` (0 = the socket's peer) with address `address` is a trusted proxy. */
export type TrustFunction = (address: string | undefined, index: number) => boolean;

const trustNobody: TrustFunction = () => false;

/**
 * TRUST_PROXY as proxy-addr's trust function, with Express's `trust proxy` semantics (which
 * this setting documented before /graphql left Express): off, a hop count, or addresses/CIDRs
 * (and proxy-addr's names loopback, linklocal, uniquelocal).
 */
export function compileTrustProxy(trust: TrustProxy): TrustFunction {
  if (trust === false) return trustNobody;
  if (typeof trust === 'number') return (_address, index) => index < trust;
  return proxyAddr.compile(trust) as TrustFunction;
}

/** The client's address: the socket's peer, or what trusted proxies say in X-Forwarded-For. */
export function clientAddress(req: IncomingMessage, trust: TrustFunction): string | null {
  if (!req.socket.remoteAddress) return null;
  if (trust === trustNobody) return req.socket.remoteAddress; // the default: no header to parse
  return proxyAddr(req, trust as (address: string, index: number) => boolean);
}

/** The host name the client asked for (X-Forwarded-Host only from a trusted proxy), without the port. */
export function requestHostname(req: IncomingMessage, trust: TrustFunction): string | undefined {
  let host = header(req, 'x-forwarded-host');
  if (!host || !trust(req.socket.remoteAddress, 0)) host = header(req, 'host');
  else if (host.includes(',')) host = host.slice(0, host.indexOf(',')).trimEnd();
  if (!host) return undefined;
  const offset = host.startsWith('[') ? host.indexOf(']') + 1 : 0; // an IPv6 literal
  const colon = host.indexOf(':', offset);
  return colon === -1 ? host : host.slice(0, colon);
}

/**
 * The scheme the client used: https when the connection itself is TLS, or when the proxies in
 * front, as far back as they are trusted, say so in X-Forwarded-Proto; http otherwise. Anyone
 * else's X-Forwarded-Proto is ignored, like their X-Forwarded-For.
 *
 * A proxy that appends to the header adds what it saw on its right end; one that overwrites
 * leaves one value. So the values are read from the right, one per trusted hop (the peer, then
 * the proxies named in X-Forwarded-For): the last one read is what the outermost trusted proxy
 * saw. Not Express's `req.protocol`, which takes the leftmost value: behind an appending proxy
 * that is whatever the client sent.
 */
export function requestScheme(req: IncomingMessage, trust: TrustFunction): 'https' | 'http' {
  if ((req.socket as { encrypted?: boolean }).encrypted) return 'https';
  const forwarded = header(req, 'x-forwarded-proto');
  if (!forwarded || trust === trustNobody) return 'http';
  const schemes = forwarded.split(',').map((scheme) => scheme.trim().toLowerCase());
  const hops = proxyAddr.all(req); // the peer, then X-Forwarded-For from right to left
  let scheme: string | undefined;
  for (let hop = 0; hop < schemes.length && hop < hops.length && trust(hops[hop], hop); hop++) {
    scheme = schemes[schemes.length - 1 - hop];
  }
  return scheme === 'https' ? 'https' : 'http';
}
