import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { TokenPurpose } from '../db/entities/index.js';
import type { UserStore } from '../db/stores/user-store.js';
import { FieldErrorCollector } from '../errors.js';
import type { AccountMail } from '../mail/account-mail.js';
import type { BackgroundTasks } from '../util/background.js';
import { addTakenIdentityErrors } from '../accounts/account-rules.js';
import { EMAIL_MAX_LENGTH, emailKey } from '../core/identity.js';
import { invalidToken, type OneTimeTokenService } from './one-time-tokens.js';
import { RateLimits } from '../limits/rate-limit.js';
import type { RequestMeta } from '../core/request-meta.js';
import { SecurityEventType, type SecurityEventSink } from '../events/index.js';

const EMAIL_TAKEN_SINCE = 'This email address has been taken by another account since the link was sent.';

/**
 * activateAccount and resendActivation. The activation link also confirms a new email address
 * (updateMe with activation required): both prove that the reader owns the mailbox.
 */
export class ActivationService {
  constructor(
    private readonly tokens: OneTimeTokenService,
    private readonly users: UserStore,
    private readonly mail: AccountMail,
    private readonly background: BackgroundTasks,
    private readonly rateLimits: RateLimits = RateLimits.disabled(),
    /** ACCOUNT_ACTIVATED, or EMAIL_CHANGED for a confirmed new address. */
    private readonly events: SecurityEventSink,
  ) {}

  /**
   * Uses an activation or email-change token; BAD_USER_INPUT on `token` when it is not valid.
   * A confirmed new address is announced to the previous one.
   */
  async activate(em: EntityManager, token: string, meta?: RequestMeta): Promise<void> {
    const row = await this.tokens.find(em, token, [TokenPurpose.ACTIVATION, TokenPurpose.EMAIL_CHANGE]);
    if (!row) throw invalidToken();
    const userId = row.user.id;
    const { email: previousEmail, username } = row.user.getEntity();
    const newEmail = row.purpose === TokenPurpose.EMAIL_CHANGE ? row.newEmail : null;
    if (newEmail !== null) {
      const errors = new FieldErrorCollector();
      await addTakenIdentityErrors(em, { email: newEmail }, errors, userId);
      if (!errors.isEmpty) throw invalidToken(EMAIL_TAKEN_SINCE);
    }
    try {
      await this.events.transaction(em, async (tx, emit) => {
        if (!(await this.tokens.consume(tx, row))) throw invalidToken();
        if (newEmail === null) {
          await this.users.activate(tx, userId);
          emit({ type: SecurityEventType.ACCOUNT_ACTIVATED, userId, meta });
        } else {
          emit({ type: SecurityEventType.EMAIL_CHANGED, userId, meta });
          // With a new security stamp: reset links went to the previous address and die with it.
          await this.users.setEmail(tx, userId, newEmail, emailKey(newEmail));
        }
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw invalidToken(EMAIL_TAKEN_SINCE);
      throw error;
    }
    if (newEmail !== null) this.mail.emailChanged(previousEmail, username, newEmail);
  }

  /**
   * Always answers at once and the same way: the look-up and the mail happen after the
   * response, so neither the answer nor its timing tells whether the address has an account.
   * Mails only an account that was never activated (inactive and never signed in), and no more
   * than its mail budget (`mailPerAccount`) allows.
   */
  resend(em: EntityManager, email: string): void {
    if (typeof email !== 'string' || email.length === 0 || email.length > EMAIL_MAX_LENGTH) return;
    const work = em.fork();
    this.background.run('resend_activation', async () => {
      const user = await this.users.findByEmailKey(work, emailKey(email));
      if (!user || user.isActive || user.lastLogin !== null) return;
      if (!(await this.rateLimits.allows('mailPerAccount', user.id))) return;
      const token = await this.tokens.issue(work, user, TokenPurpose.ACTIVATION);
      this.mail.activation(user.email, user.username, token);
    });
  }
}
