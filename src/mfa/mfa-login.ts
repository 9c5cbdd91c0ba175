import type { EntityManager } from '@mikro-orm/core';
import { profileOf, type CallerProfile, type RequestMeta } from '../core/request-meta.js';
import type { MfaChallenge, User } from '../db/entities/index.js';
import type { MfaStore } from '../db/stores/mfa-store.js';
import type { UserStore } from '../db/stores/user-store.js';
import { AppError } from '../errors.js';
import { SecurityEventType, type SecurityEventSink } from '../events/index.js';
import type { AccountMail } from '../mail/account-mail.js';
import { AuthMethod, type AuthenticationResult } from '../sessions/authentication.js';
import type { IssuedTokens, SessionService } from '../sessions/sessions.js';
import type { CodeAttempts } from './code-attempts.js';
import { parseSecondFactorCode } from './codes.js';
import { invalidMfaToken, malformedCode, mfaRequired, wrongCode } from './errors.js';
import { MFA_TOKEN_TTL_SECONDS, WRONG_CODES_PER_MFA_TOKEN } from './limits.js';
import { MFA_TOKEN_PATTERN, mfaTokenHash, newMfaToken } from './mfa-secrets.js';
import type { SecondFactors } from './second-factor.js';

/** The account a login's password proved, as login read it. */
export interface FirstFactorAccount {
  id: string;
  securityStamp: string;
  profile: CallerProfile;
}

export interface CompleteMfaLoginInput {
  mfaToken: string;
  code: string;
}

/**
 * The second half of a login for an account with a second factor. The password half ends with
 * MFA_REQUIRED and an mfaToken (a pending login: mfa_challenges); completeMfaLogin spends the
 * token and a code in one transaction with the session it starts, so that of two finishes of one
 * token exactly one gets tokens, and a code is spent only by a login that got them.
 */
export class MfaLoginService {
  constructor(
    private readonly store: MfaStore,
    private readonly users: UserStore,
    private readonly factors: SecondFactors,
    private readonly attempts: CodeAttempts,
    private readonly sessions: SessionService,
    private readonly events: SecurityEventSink,
    private readonly mail: AccountMail,
  ) {}

  /**
   * Login's answer once the password was right (or an identity provider or an emailed link
   * proved the first factor: `firstMethod`): throws MFA_REQUIRED with a new mfaToken and the
   * factors it can finish with.
   */
  async challenge(em: EntityManager, account: FirstFactorAccount, firstMethod: AuthMethod = AuthMethod.PASSWORD): Promise<never> {
    const mfaToken = newMfaToken();
    await this.store.insertChallenge(em, {
      userId: account.id,
      tokenHash: mfaTokenHash(mfaToken),
      securityStamp: account.securityStamp,
      expiresAt: new Date(Date.now() + MFA_TOKEN_TTL_SECONDS * 1000),
      firstMethod,
    });
    throw mfaRequired(mfaToken, await this.factors.available(em, account.id));
  }

  async complete(em: EntityManager, input: CompleteMfaLoginInput, meta: RequestMeta): Promise<IssuedTokens> {
    const code = parseSecondFactorCode(input.code);
    const tokenIsWellFormed = typeof input.mfaToken === 'string' && MFA_TOKEN_PATTERN.test(input.mfaToken);
    if (!tokenIsWellFormed) throw invalidMfaToken();
    if (!code) throw malformedCode();
    const now = new Date();
    const { challenge, user } = await this.pendingLogin(em, input.mfaToken, now);

    const proved = await this.attempts.run(em, user, meta, () =>
      this.events.transaction(em, async (tx, emit) => {
        const method = await this.factors.spend(tx, user.id, code, now);
        if (!method) return null;
        // Spent together with the code: the loser of two finishes of one token rolls its code back.
        if (!(await this.store.consumeChallenge(tx, challenge.id))) throw invalidMfaToken();
        if (method === AuthMethod.RECOVERY_CODE) emit({ type: SecurityEventType.RECOVERY_CODE_USED, userId: user.id, meta });
        const tokens = await this.startSession(tx, user, [challenge.firstMethod, method], meta);
        return { method, value: tokens };
      }),
    );
    if (!proved) {
      await this.countWrongFactor(em, challenge.id);
      throw wrongCode();
    }
    if (proved.method === AuthMethod.RECOVERY_CODE) this.mail.secondFactorChanged(user.email, user.username, 'recovery_code_used');
    return proved.value;
  }

  /**
   * The live pending login of an mfaToken and its account, for every way of finishing it
   * (completeMfaLogin, and a passkey: src/passkeys/): invalidMfaToken when it is malformed,
   * unknown, expired, used, or its account changed since (a new password, deactivation or email
   * change ends it); RATE_LIMITED once it took its wrong answers.
   */
  async pendingLogin(em: EntityManager, mfaToken: unknown, now: Date = new Date()): Promise<{ challenge: MfaChallenge; user: User }> {
    if (typeof mfaToken !== 'string' || !MFA_TOKEN_PATTERN.test(mfaToken)) throw invalidMfaToken();
    const challenge = await this.store.findLiveChallenge(em, mfaTokenHash(mfaToken), now);
    const user = challenge?.user.getEntity();
    if (!challenge || !user || !user.isActive || user.securityStamp !== challenge.securityStamp) throw invalidMfaToken();
    if (challenge.failedAttempts >= WRONG_CODES_PER_MFA_TOKEN) throw this.outOfAttempts(challenge.expiresAt, now);
    return { challenge, user };
  }

  /** A wrong second factor counts against its pending login (WRONG_CODES_PER_MFA_TOKEN). */
  async countWrongFactor(em: EntityManager, challengeId: string): Promise<void> {
    await this.store.countWrongCode(em, challengeId, WRONG_CODES_PER_MFA_TOKEN);
  }

  /**
   * The session of a finished login: its first factor's method and the second one's
   * ([PASSWORD, TOTP], [IDENTITY_PROVIDER, PASSKEY], ...) at assurance level 2. Run in the
   * transaction that spent the pending login (MfaStore.consumeChallenge) and the factor.
   */
  startSession(tx: EntityManager, user: User, methods: AuthMethod[], meta: RequestMeta): Promise<IssuedTokens> {
    const authentication: AuthenticationResult = {
      userId: user.id,
      methods,
      assuranceLevel: 2,
      authenticatedAt: new Date(),
    };
    const profile = profileOf(user, authentication.authenticatedAt);
    const lastLogin = this.users.signInWrite(tx, user.id, { lastLogin: authentication.authenticatedAt });
    return this.sessions.start(tx, authentication, profile, meta, lastLogin);
  }

  /** Five wrong codes end what one password proved: the person signs in again (under the account's login budget). */
  private outOfAttempts(expiresAt: Date, now: Date) {
    const retryAfter = Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 1000));
    return new AppError('RATE_LIMITED', 'Too many wrong codes for this sign-in: sign in again with your password.', { retryAfter });
  }
}
