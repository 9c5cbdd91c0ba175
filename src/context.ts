import type { EntityManager } from '@mikro-orm/core';
import type { AuthIdentity, RequestMeta } from './auth/request-meta.js';
import type { Services } from './auth/services.js';
import { noRefreshCookie, type RefreshCookie } from './http/refresh-cookie.js';

/** What every resolver and permission rule receives; built once per request. */
export interface GraphQLContext {
  /** A fork of the ORM's EntityManager for this request alone. */
  em: EntityManager;
  meta: RequestMeta;
  /** The verified caller, or null (missing, malformed, expired or revoked token). */
  auth: AuthIdentity | null;
  services: Services;
  /** The refresh-token cookie of this request (a no-op unless REFRESH_TOKEN_COOKIE=true). */
  refreshCookie: RefreshCookie;
}

/** Reads `Authorization: Bearer <token>`; anything else counts as no token. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer +([^\s]+) *$/i.exec(header ?? '');
  return match ? match[1] : null;
}

/** Builds the context. Never throws for a bad token: it just leaves `auth` null. */
export async function buildContext(
  services: Services,
  em: EntityManager,
  meta: RequestMeta,
  authorization: string | undefined,
  refreshCookie: RefreshCookie = noRefreshCookie,
): Promise<GraphQLContext> {
  const token = bearerToken(authorization);
  const auth = token ? await services.sessions.authenticate(em, token) : null;
  return { em, meta, auth, services, refreshCookie };
}
