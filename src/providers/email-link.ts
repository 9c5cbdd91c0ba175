import type { EntityManager } from '@mikro-orm/core';
import { EMAIL_MAX_LENGTH, emailKey } from '../core/identity.js';
import type { RequestMeta } from '../core/request-meta.js';
import { TokenPurpose, type User } from '../db/entities/index.js';
import type { UserStore } from '../db/stores/user-store.js';
import { SecurityEventType, type SecurityEventSink } from '../events/index.js';
import { RateLimits } from '../limits/rate-limit.js';
import type { AccountMail } from '../mail/account-mail.js';
import type { IssuedTokens } from '../sessions/sessions.js';
import type { BackgroundTasks } from '../util/background.js';
import { invalidToken, type OneTimeTokenService } from '../verification/one-time-tokens.js';
import { AuthMethod, type PasswordlessSignIn } from './sign-in-session.js';

/**
 * requestEmailSignIn and completeEmailSignIn: a one-time token (TokenPurpose.EMAIL_SIGN_IN:
 * stored as SHA-256, single use, 15 minutes, dead with the account's security stamp) mailed as
 * EMAIL_SIGN_IN_URL. The link proves the mailbox, so with REQUIRE_EMAIL_ACTIVATION it also
 * activates an account that was never activated.
 */
export class EmailSignInService {
  constructor(
    private readonly tokens: OneTimeTokenService,
    private readonly users: UserStore,
    private readonly mail: AccountMail,
    private readonly background: BackgroundTasks,
    private readonly rateLimits: RateLimits = RateLimits.disabled(),
    private readonly events: SecurityEventSink,
    private readonly signIn: PasswordlessSignIn,
    private readonly requireEmailActivation: boolean,
  ) {}

  /**
   * Answers at once and the same way for every address (the look-up, the token and the mail run
   * after the response). Mails an active account, or with REQUIRE_EMAIL_ACTIVATION one that was
   * never activated, within the account's mail budget (`mailPerAccount`, shared with the other
   * mails of links); a new link replaces the account's previous one.
   */
  request(em: EntityManager, email: string): void {
    if (typeof email !== 'string' || email.length === 0 || email.length > EMAIL_MAX_LENGTH) return;
    const work = em.fork();
    this.background.run('email_sign_in_request', async () => {
      const user = await this.users.findByEmailKey(work, emailKey(email));
      if (!user || !this.mayReceive(user)) return;
      if (!(await this.rateLimits.allows('mailPerAccount', user.id))) return;
      const token = await this.tokens.issue(work, user, TokenPurpose.EMAIL_SIGN_IN);
      this.mail.emailSignIn(user.email, user.username, token);
    });
  }

  /** The token for a session of [EMAIL_LINK] (or MFA_REQUIRED); BAD_USER_INPUT on `token` when it is not live. */
  async complete(em: EntityManager, token: string, meta: RequestMeta): Promise<IssuedTokens> {
    const row = await this.tokens.find(em, token, [TokenPurpose.EMAIL_SIGN_IN]);
    const user = row?.user.getEntity();
    if (!row || !user || !this.mayReceive(user)) throw invalidToken();
    const activates = !user.isActive;
    const outcome = await this.events.transaction(em, async (tx, emit) => {
      if (!(await this.tokens.consume(tx, row))) throw invalidToken();
      if (activates) {
        await this.users.activate(tx, user.id);
        emit({ type: SecurityEventType.ACCOUNT_ACTIVATED, userId: user.id, meta });
      }
      if (user.mfaEnabled) return { kind: 'mfa' as const };
      return { kind: 'tokens' as const, tokens: await this.signIn.start(tx, user, AuthMethod.EMAIL_LINK, meta, { isActive: true }) };
    });
    if (outcome.kind === 'tokens') return outcome.tokens;
    return this.signIn.challenge(em, user, AuthMethod.EMAIL_LINK, { isActive: true });
  }

  /** Active, or never activated while activation is required (deactivated accounts also changed their stamp). */
  private mayReceive(user: User): boolean {
    return user.isActive || (this.requireEmailActivation && user.lastLogin === null);
  }
}
