import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';
import type { TrustProxy } from '../config.js';
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
