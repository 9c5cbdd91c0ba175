import type { EntityManager } from '@mikro-orm/core';
import type { Session } from '../db/entities/index.js';
import type { SessionState, SessionStore } from '../db/stores/session-store.js';
import type { SqlWrite } from '../db/stores/sql-write.js';
import { badUserInput, unauthenticated } from '../errors.js';
import { SecurityEventType, type SecurityEventSink } from '../events/index.js';
import { isUuid, type AuthIdentity, type CallerProfile, type RequestMeta } from '../core/request-meta.js';
import type { AuthenticationResult, SessionAuthentication } from './authentication.js';
import { admits } from './session-liveness.js';
import type { TokenClaims, TokenKind, TokenService } from '../tokens/tokens.js';
import { randomUUID } from 'node:crypto';

/** What login, refresh and password changes hand back to the caller. */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  refreshExpiresIn: number;
  sessionId: string;
  /** The account the tokens are for (its public fields). */
  user: CallerProfile;
}

export interface TokenInspection {
  valid: boolean;
  kind?: TokenKind;
  userId?: string;
  expiresAt?: Date;
}

const INVALID_REFRESH_TOKEN = 'The refresh token is invalid, expired or revoked.';
const sessionNotFound = () => badUserInput({ id: ['No active session with this id.'] }, 'Session not found.');
const USER_AGENT_MAX_LENGTH = 512;

/**
 * Sessions and their token chains: start one at login, rotate its refresh token, detect reuse,
 * revoke. A session is the unit of revocation: every access token names its session, and the
 * session is read on every authenticated request, so revocation takes effect at once.
 */
export class SessionService {
  constructor(
    private readonly tokens: TokenService,
    private readonly store: SessionStore,
    /** SIGNED_IN, SIGNED_OUT, SESSION_REVOKED, REFRESH_TOKEN_REUSED (the log and metrics hear them there). */
    private readonly events: SecurityEventSink,
  ) {}

  /**
   * Creates a session from an authentication result (whatever the method: authentication.ts),
   * together with the sign-in method's own write (`alongside`, e.g. the login's lastLogin and
   * rehash) in one transaction (SessionStore.insert), and returns its tokens with `user`, the
   * account's public fields.
   */
  async start(
    em: EntityManager,
    result: AuthenticationResult,
    user: CallerProfile,
    meta: RequestMeta,
    alongside?: SqlWrite,
  ): Promise<IssuedTokens> {
    if (user.id !== result.userId) throw new Error('a session starts for the account that authenticated');
    const createdAt = new Date();
    const { userId, ...authentication } = result;
    const session = {
      id: randomUUID(),
      userId,
      authentication,
      currentTokenId: randomUUID(),
      createdAt,
      expiresAt: this.nextExpiry(createdAt, createdAt),
      userAgent: meta.userAgent?.slice(0, USER_AGENT_MAX_LENGTH) ?? null,
      ipAddress: meta.ipAddress,
    };
    // The SIGNED_IN row is one more statement of the sign-in's own transaction.
    const signedIn = this.events.prepare(em, { type: SecurityEventType.SIGNED_IN, userId, sessionId: session.id, meta });
    await this.store.insert(em, session, [...(signedIn.statement ? [signedIn.statement] : []), ...(alongside ? [alongside] : [])]);
    this.events.publish([signedIn.event]);
    const expiry = { expiresAt: session.expiresAt, now: createdAt };
    return this.issue(user, session.id, authentication, session.currentTokenId, expiry);
  }

  /**
   * Swaps the session's current refresh token for a new one with a compare-and-set update, so
   * that of concurrent refreshes of one token exactly one rotates; within REFRESH_REUSE_INTERVAL
   * the others (and later retries) get the same successor (successorOrReuse). A token rotated
   * away before that is reuse, the mark of a stolen token: the whole session is revoked. The new
   * expiry never passes the session's absolute lifetime, and a deactivated account's session
   * does not refresh.
   */
  async rotate(em: EntityManager, refreshToken: string, meta?: RequestMeta): Promise<IssuedTokens> {
    const claims = this.tokens.verify('refresh', refreshToken);
    if (!claims) throw unauthenticated(INVALID_REFRESH_TOKEN);

    const now = new Date();
    // The session with its user in one read, then one raw compare-and-set UPDATE (SessionStore):
    // as many statements as before the cap, which needs createdAt.
    const session = await this.store.readState(em, claims.sessionId);
    if (!this.refreshable(session, claims.userId, now)) throw unauthenticated(INVALID_REFRESH_TOKEN);
    if (session.currentTokenId !== claims.tokenId) return this.successorOrReuse(em, session, claims, now, meta);
    const nextTokenId = randomUUID();
    const expiresAt = this.nextExpiry(session.createdAt, now);
    const rotated = await this.store.rotate(em, {
      sessionId: claims.sessionId,
      userId: claims.userId,
      presentedTokenId: claims.tokenId,
      nextTokenId,
      now,
      expiresAt,
    });
    if (!rotated) {
      // Another refresh of this very token won the race (or the session ended meanwhile): within
      // the reuse interval this one gets the winner's token too.
      const after = await this.store.readState(em, claims.sessionId);
      if (this.refreshable(after, claims.userId, now)) return this.successorOrReuse(em, after, claims, now, meta);
      await this.revokeOnReuse(em, claims, meta);
      throw unauthenticated(INVALID_REFRESH_TOKEN);
    }
    const expiry = { expiresAt, now, issuedAt: now };
    return this.issue(session.user, claims.sessionId, session.authentication, nextTokenId, expiry);
  }

  /**
   * A refresh token that is not the session's current one. Just rotated away (it is the
   * previous one, rotated within REFRESH_REUSE_INTERVAL): two tabs or a retried request, not a
   * thief, so it gets the very refresh token the rotation issued, signed again with the same
   * `jti`, `iat` and `exp` (byte-identical, without storing it), and a fresh access token.
   * Anything else is reuse: the session is revoked.
   */
  private async successorOrReuse(
    em: EntityManager,
    session: SessionState,
    claims: TokenClaims,
    now: Date,
    meta: RequestMeta | undefined,
  ): Promise<IssuedTokens> {
    if (this.withinReuseInterval(session, claims.tokenId, now)) {
      const expiry = { expiresAt: session.expiresAt, now, issuedAt: session.rotatedAt! };
      return this.issue(session.user, claims.sessionId, session.authentication, session.currentTokenId, expiry);
    }
    await this.revokeOnReuse(em, claims, meta);
    throw unauthenticated(INVALID_REFRESH_TOKEN);
  }

  /** Whether `tokenId` was rotated away from the session less than REFRESH_REUSE_INTERVAL ago. */
  private withinReuseInterval(session: SessionState, tokenId: string, now: Date): boolean {
    const interval = this.tokens.refreshReuseIntervalSeconds * 1000;
    return (
      interval > 0 &&
      session.previousTokenId === tokenId &&
      session.rotatedAt !== null &&
      now.getTime() - session.rotatedAt.getTime() <= interval
    );
  }

  /**
   * Whether a session may still hand out new tokens to `userId`: it lets that user in (live,
   * active account: session-liveness.ts) and is within its absolute lifetime. `expiresAt` is
   * capped at that lifetime on every write; the explicit check also holds sessions whose expiry
   * was written before the cap existed. A refresh token's own place in the chain is checked by
   * the caller (reuse is not merely "invalid").
   */
  private refreshable(session: SessionState | null, userId: string, now: Date): session is SessionState {
    return admits(session, userId, now) && now < this.lifetimeEnd(session.createdAt);
  }

  /** When a session started at `createdAt` ends whatever its refreshes (SESSION_MAX_LIFETIME). */
  private lifetimeEnd(createdAt: Date): Date {
    return new Date(createdAt.getTime() + this.tokens.sessionMaxLifetimeSeconds * 1000);
  }

  /** The expiry a session gets when it is used at `now`: the refresh TTL, capped at its lifetime's end. */
  private nextExpiry(createdAt: Date, now: Date): Date {
    return new Date(Math.min(now.getTime() + this.tokens.refreshTtlSeconds * 1000, this.lifetimeEnd(createdAt).getTime()));
  }

  /** Revokes the session of a reused refresh token, recorded as REFRESH_TOKEN_REUSED (the log warns of it). */
  private async revokeOnReuse(em: EntityManager, claims: TokenClaims, meta: RequestMeta | undefined): Promise<void> {
    await this.events.transaction(em, async (tx, emit) => {
      if (await this.store.revokeRotatedAway(tx, claims.sessionId, claims.tokenId)) {
        emit({ type: SecurityEventType.REFRESH_TOKEN_REUSED, userId: claims.userId, sessionId: claims.sessionId, meta });
      }
    });
  }

  /** The caller of an access token, or null when the token or its session is not valid. Never throws. */
  async authenticate(em: EntityManager, accessToken: string): Promise<AuthIdentity | null> {
    const claims = this.tokens.verify('access', accessToken);
    if (!claims) return null;
    // The hot path of every authenticated request: a lean read, not an entity (SessionStore).
    const session = await this.store.readLiveness(em, claims.sessionId);
    if (!admits(session, claims.userId)) return null;
    return { userId: claims.userId, sessionId: claims.sessionId, user: session.user };
  }

  /**
   * Signature, type, expiry and session of either kind of token, by the rules that
   * `authenticate` (access) and `rotate` (refresh) apply, without using the token. A refresh
   * token that was already rotated away is reuse here too, and revokes its session: otherwise
   * whoever holds a stolen token could ask, without a trace, whether it still works.
   */
  async inspect(em: EntityManager, token: string, meta?: RequestMeta): Promise<TokenInspection> {
    for (const kind of ['access', 'refresh'] as const) {
      const claims = this.tokens.verify(kind, token);
      if (!claims) continue;
      const session = await this.store.readState(em, claims.sessionId);
      const valid = kind === 'access' ? admits(session, claims.userId) : await this.isCurrentRefreshToken(em, session, claims, meta);
      return valid ? { valid: true, kind, userId: claims.userId, expiresAt: claims.expiresAt } : { valid: false };
    }
    return { valid: false };
  }

  /**
   * Whether a refresh token would refresh now (the current one, or the previous one within
   * REFRESH_REUSE_INTERVAL); one rotated away otherwise revokes its session as `rotate` does.
   */
  private async isCurrentRefreshToken(
    em: EntityManager,
    session: SessionState | null,
    claims: TokenClaims,
    meta: RequestMeta | undefined,
  ): Promise<boolean> {
    const now = new Date();
    if (!this.refreshable(session, claims.userId, now)) return false;
    if (session.currentTokenId === claims.tokenId || this.withinReuseInterval(session, claims.tokenId, now)) return true;
    await this.revokeOnReuse(em, claims, meta);
    return false;
  }

  /** The user's live sessions, newest first. */
  listActive(em: EntityManager, userId: string): Promise<Session[]> {
    return this.store.listActive(em, userId);
  }

  /** How many sessions are live right now, across all users (one count query; for metrics). */
  countActive(em: EntityManager): Promise<number> {
    return this.store.countActive(em);
  }

  /** Revokes one of the user's sessions (SESSION_REVOKED). Someone else's session is "not found", like a missing one. */
  async revoke(em: EntityManager, userId: string, sessionId: string, meta?: RequestMeta): Promise<void> {
    if (!isUuid(sessionId)) throw sessionNotFound();
    await this.events.transaction(em, async (tx, emit) => {
      if (!(await this.store.revokeLive(tx, userId, sessionId))) throw sessionNotFound();
      emit({ type: SecurityEventType.SESSION_REVOKED, userId, sessionId, meta });
    });
  }

  /** logoutAll: every live session of the user ends, recorded as SIGNED_OUT. */
  async logoutAll(em: EntityManager, caller: AuthIdentity, meta?: RequestMeta): Promise<void> {
    await this.events.transaction(em, async (tx, emit) => {
      await this.revokeAll(tx, caller.userId);
      emit({ type: SecurityEventType.SIGNED_OUT, userId: caller.userId, sessionId: caller.sessionId, meta });
    });
  }

  /** Revokes every live session of the user, but `exceptSessionId` when given. Returns how many. */
  revokeAll(em: EntityManager, userId: string, exceptSessionId?: string): Promise<number> {
    return this.store.revokeAll(em, userId, exceptSessionId);
  }

  /** Revokes the session a refresh token belongs to (idempotent for a session already revoked); SIGNED_OUT once. */
  async logout(em: EntityManager, refreshToken: string, meta?: RequestMeta): Promise<void> {
    const claims = this.tokens.verify('refresh', refreshToken);
    if (!claims) throw unauthenticated(INVALID_REFRESH_TOKEN);
    await this.events.transaction(em, async (tx, emit) => {
      if (await this.store.revoke(tx, claims.userId, claims.sessionId)) {
        emit({ type: SecurityEventType.SIGNED_OUT, userId: claims.userId, sessionId: claims.sessionId, meta });
      }
    });
  }

  /**
   * New tokens for a live session after its password changed (changePassword) or its user proved
   * who they are again (reauthenticate, which gives the new `reauthentication`): the session gets
   * a new refresh token id, so the refresh token it had stops working.
   */
  async renew(em: EntityManager, user: CallerProfile, sessionId: string, reauthentication?: SessionAuthentication): Promise<IssuedTokens> {
    const now = new Date();
    const session = await this.store.readState(em, sessionId);
    if (!this.refreshable(session, user.id, now)) throw unauthenticated();
    const nextTokenId = randomUUID();
    const expiresAt = this.nextExpiry(session.createdAt, now);
    const renewal = { sessionId, userId: user.id, nextTokenId, now, expiresAt };
    if (!(await this.store.renew(em, renewal, reauthentication))) throw unauthenticated();
    return this.issue(user, sessionId, reauthentication ?? session.authentication, nextTokenId, { expiresAt, now });
  }

  /**
   * The session's proof of identity now (methods, assurance level, when), read with the session;
   * null when it does not let `userId` in. What re-authentication checks (src/mfa/reauthentication.ts).
   */
  async authenticationOf(em: EntityManager, userId: string, sessionId: string): Promise<SessionAuthentication | null> {
    const session = await this.store.readState(em, sessionId);
    return this.refreshable(session, userId, new Date()) ? session.authentication : null;
  }

  /**
   * Tokens carrying the session's authentication, for a session whose refresh token is now
   * `refreshTokenId` and which was given the expiry `session.expiresAt` at `session.now`. The refresh token ends with its session, not
   * later (SESSION_MAX_LIFETIME); `refreshExpiresIn` counts its whole seconds from `now`, so
   * that it is exactly the refresh TTL while the lifetime does not cut it short.
   */
  private issue(
    user: CallerProfile,
    sessionId: string,
    authentication: SessionAuthentication,
    refreshTokenId: string,
    session: { expiresAt: Date; now: Date; issuedAt?: Date },
  ): IssuedTokens {
    const subject = { userId: user.id, sessionId, authentication, role: user.role };
    const access = this.tokens.sign('access', subject);
    const refresh = this.tokens.sign('refresh', subject, {
      tokenId: refreshTokenId,
      expiresAt: session.expiresAt,
      issuedAt: session.issuedAt,
    });
    return {
      accessToken: access.token,
      refreshToken: refresh.token,
      expiresIn: this.tokens.accessTtlSeconds,
      refreshExpiresIn: Math.max(0, refresh.expiresAt.getTime() / 1000 - Math.floor(session.now.getTime() / 1000)),
      sessionId,
      user,
    };
  }
}
