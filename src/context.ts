import type { EntityManager } from '@mikro-orm/core';
import type { AuthIdentity, RequestMeta } from './core/request-meta.js';
import type { Services } from './services.js';
import { noRefreshCookie, type RefreshCookie } from './http/refresh-cookie.js';

/** What every resolver and permission rule receives; built once per request. */
export interface GraphQLContext {
  /** A fork of the ORM's EntityManager for this request alone (forked on first use). */
  readonly em: EntityManager;
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

/**
 * Builds the context. Never throws for a bad token: it just leaves `auth` null.
 *
 * `rootEm` is the ORM's global EntityManager: the token check only reads through its connection
 * (no entity, no identity map). The request's own fork is made on first use of `context.em`,
 * because most authenticated requests (`me`) never need one, and forking was about 2% of a `me`
 * request in the bench's profile.
 */
export async function buildContext(
  services: Services,
  rootEm: EntityManager,
  meta: RequestMeta,
  authorization: string | undefined,
  refreshCookie: RefreshCookie = noRefreshCookie,
): Promise<GraphQLContext> {
  const token = bearerToken(authorization);
  const auth = token ? await services.sessions.authenticate(rootEm, token) : null;
  return new RequestContext(new LazyFork(rootEm), meta, auth, services, refreshCookie);
}

/** One fork of `rootEm`, made when first asked for. */
class LazyFork {
  private em: EntityManager | undefined;
  constructor(private readonly rootEm: EntityManager) {}
  get(): EntityManager {
    return (this.em ??= this.rootEm.fork());
  }
}

/**
 * `em` is a getter on the prototype, not an own property: Apollo Server copies the context's
 * own properties for each operation (Object.assign), which would call an own getter, and fork,
 * for every request. The copy shares `fork`, so one request still has one fork.
 */
class RequestContext implements GraphQLContext {
  constructor(
    private readonly fork: LazyFork,
    readonly meta: RequestMeta,
    readonly auth: AuthIdentity | null,
    readonly services: Services,
    readonly refreshCookie: RefreshCookie,
  ) {}

  get em(): EntityManager {
    return this.fork.get();
  }
}
