import type { EntityManager } from '@mikro-orm/core';
import type { CallerProfile, RequestMeta } from '../core/request-meta.js';
import type { User } from '../db/entities/index.js';
import type { UserStore } from '../db/stores/user-store.js';
import type { MfaLoginService } from '../mfa/mfa-login.js';
import { AuthMethod, type AuthenticationResult } from '../sessions/authentication.js';
import type { IssuedTokens, SessionService } from '../sessions/sessions.js';

/**
 * The end of a sign-in without a password (an identity provider, an emailed link): a session of
 * one factor, or, for an account with a second factor, what a right password gets: MFA_REQUIRED
 * with an mfaToken, whose completeMfaLogin then starts a session of [method, TOTP].
 */
export class PasswordlessSignIn {
  constructor(
    private readonly users: UserStore,
    private readonly sessions: SessionService,
    private readonly mfaLogin: Pick<MfaLoginService, 'challenge'>,
  ) {}

  /** Starts the session (in `tx`, with the account's lastLogin). */
  start(tx: EntityManager, user: User, method: AuthMethod, meta: RequestMeta, overrides: Partial<CallerProfile> = {}): Promise<IssuedTokens> {
    const authentication: AuthenticationResult = { userId: user.id, methods: [method], assuranceLevel: 1, authenticatedAt: new Date() };
    const profile = { ...profileOf(user), ...overrides, lastLogin: authentication.authenticatedAt };
    const lastLogin = this.users.signInWrite(tx, user.id, { lastLogin: authentication.authenticatedAt });
    return this.sessions.start(tx, authentication, profile, meta, lastLogin);
  }

  /** Throws MFA_REQUIRED: the first factor was `method`. */
  challenge(em: EntityManager, user: User, method: AuthMethod, overrides: Partial<CallerProfile> = {}): Promise<never> {
    return this.mfaLogin.challenge(em, { id: user.id, securityStamp: user.securityStamp, profile: { ...profileOf(user), ...overrides } }, method);
  }
}

export function profileOf(user: User): CallerProfile {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    role: user.role,
    isActive: user.isActive,
    dateJoined: user.dateJoined,
    lastLogin: user.lastLogin,
    mfaEnabled: user.mfaEnabled,
  };
}

export { AuthMethod };
