import type { EntityManager } from '@mikro-orm/core';
import { TokenPurpose } from '../db/entities/index.js';
import type { UserStore } from '../db/stores/user-store.js';
import { FieldErrorCollector } from '../errors.js';
import type { AccountMail } from '../mail/account-mail.js';
import type { BackgroundTasks } from '../util/background.js';
import { addNewPasswordInputProblems } from '../accounts/account-rules.js';
import { EMAIL_MAX_LENGTH, emailKey } from '../core/identity.js';
import { INVALID_TOKEN, invalidToken, type OneTimeTokenService } from '../verification/one-time-tokens.js';
import { hashPassword } from './passwords.js';
import { RateLimits } from '../limits/rate-limit.js';
import type { SessionService } from '../sessions/sessions.js';
import type { RequestMeta } from '../core/request-meta.js';
import { SecurityEventType, type SecurityEventSink } from '../events/index.js';

export interface ResetPasswordInput {
  token: string;
  newPassword: string;
  newPasswordConfirm: string;
}

/** requestPasswordReset and resetPassword. */
export class PasswordResetService {
  constructor(
    private readonly tokens: OneTimeTokenService,
    private readonly sessions: SessionService,
    private readonly users: UserStore,
    private readonly mail: AccountMail,
    private readonly background: BackgroundTasks,
    private readonly rateLimits: RateLimits = RateLimits.disabled(),
    /** PASSWORD_RESET_REQUESTED (when a link is mailed), PASSWORD_RESET. */
    private readonly events: SecurityEventSink,
  ) {}

  /**
   * Answers at once and the same way for every address: the look-up, the token and the mail
   * happen after the response, so neither the answer nor its timing reveals an account.
   * Inactive accounts get no reset mail (they activate first, with resendActivation). Past the
   * account's mail budget (`mailPerAccount`) nothing is sent, and the link already mailed stays
   * the valid one: however many addresses ask, one inbox gets a few mails an hour.
   */
  request(em: EntityManager, email: string, meta?: RequestMeta): void {
    if (typeof email !== 'string' || email.length === 0 || email.length > EMAIL_MAX_LENGTH) return;
    const work = em.fork();
    this.background.run('password_reset_request', async () => {
      const user = await this.users.findByEmailKey(work, emailKey(email));
      if (!user || !user.isActive) return;
      if (!(await this.rateLimits.allows('mailPerAccount', user.id))) return;
      // Written by the flush that stores the token.
      const requested = this.events.stage(work, { type: SecurityEventType.PASSWORD_RESET_REQUESTED, userId: user.id, meta });
      const token = await this.tokens.issue(work, user, TokenPurpose.PASSWORD_RESET);
      this.events.publish([requested]);
      this.mail.passwordReset(user.email, user.username, token);
    });
  }

  /**
   * Validates token and password together (every problem at once), sets it, ends every session
   * and tells the owner. An account without a password gets its first one this way. The new
   * password comes with a new security stamp, which ends the account's other one-time tokens and
   * lifts every login lock of the account (their keys carry the stamp: accountThrottleKey).
   */
  async reset(em: EntityManager, input: ResetPasswordInput, meta?: RequestMeta): Promise<void> {
    const row = await this.tokens.find(em, input.token, [TokenPurpose.PASSWORD_RESET]);
    const user = row?.user.getEntity();
    const errors = new FieldErrorCollector();
    if (!row) errors.add('token', INVALID_TOKEN);
    addNewPasswordInputProblems(errors, input, user ?? {});
    errors.throwIfAny();
    if (!row || !user) throw invalidToken();

    const passwordHash = await hashPassword(input.newPassword);
    await this.events.transaction(em, async (tx, emit) => {
      if (!(await this.tokens.consume(tx, row))) throw invalidToken();
      emit({ type: SecurityEventType.PASSWORD_RESET, userId: user.id, meta });
      await this.users.setPasswordHash(tx, user.id, passwordHash);
      await this.sessions.revokeAll(tx, user.id);
    });
    this.mail.passwordChanged(user.email, user.username, 'reset');
  }
}
