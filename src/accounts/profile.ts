import type { EntityManager } from '@mikro-orm/core';
import { TokenPurpose, type User } from '../db/entities/index.js';
import type { UserStore } from '../db/stores/user-store.js';
import { badUserInput, FieldErrorCollector, unauthenticated } from '../errors.js';
import type { AccountMail } from '../mail/account-mail.js';
import {
  addIdentityProblems,
  addNewPasswordInputProblems,
  addTakenIdentityErrors,
  flushIdentity,
  NO_CURRENT_PASSWORD,
  WRONG_CURRENT_PASSWORD,
  type IdentityFields,
} from './account-rules.js';
import { emailKey, normalizeUsername, usernameKey } from '../core/identity.js';
import { newSecurityStamp } from '../core/security-stamp.js';
import type { OneTimeTokenService } from '../verification/one-time-tokens.js';
import { hashPassword } from '../password/passwords.js';
import { checkPasswordUnderBudget } from '../password/password-check.js';
import { RateLimits } from '../limits/rate-limit.js';
import type { AuthIdentity, RequestMeta } from '../core/request-meta.js';
import type { IssuedTokens, SessionService } from '../sessions/sessions.js';
import { SecurityEventType, type SecurityEventSink } from '../events/index.js';
import type { ReauthenticationPolicy } from '../mfa/reauthentication.js';

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
  newPasswordConfirm: string;
}

export interface UpdateMeInput {
  /** Absent or null: unchanged. */
  username?: string | null;
  email?: string | null;
  currentPassword: string;
}

/**
 * What signed-in users do to their own account, each behind their current password:
 * changePassword, updateMe, deleteMe.
 *
 * The current password is checked like a login's (same budget, same locks: RateLimits.beginLogin),
 * so that a stolen access token is not a way to guess the password without limit; and it is
 * checked first, so that a caller without it learns nothing else (not even that a username or
 * address is taken).
 */
export class ProfileService {
  constructor(
    private readonly sessions: SessionService,
    private readonly users: UserStore,
    private readonly tokens: OneTimeTokenService,
    private readonly mail: AccountMail,
    private readonly requireEmailActivation: boolean,
    private readonly rateLimits: RateLimits = RateLimits.disabled(),
    /** PASSWORD_CHANGED, EMAIL_CHANGED, USERNAME_CHANGED, ACCOUNT_DELETED, ACCOUNT_LOCKED. */
    private readonly events: SecurityEventSink,
    /** With a second factor, these changes also need a recent two-factor proof (REAUTH_MAX_AGE). */
    private readonly reauthentication: ReauthenticationPolicy,
  ) {}

  /** Sets the new password, ends every other session and gives the caller's session a fresh refresh token. */
  async changePassword(
    em: EntityManager,
    caller: AuthIdentity,
    input: ChangePasswordInput,
    meta: RequestMeta,
  ): Promise<IssuedTokens> {
    await this.reauthentication.require(em, caller, { checksPassword: true });
    const user = await this.callerUser(em, caller);
    const errors = new FieldErrorCollector();
    if (!(await this.currentPasswordIsRight(em, user, input.currentPassword, meta))) {
      errors.add('currentPassword', currentPasswordError(user));
    }
    addNewPasswordInputProblems(errors, input, user);
    errors.throwIfAny();

    const passwordHash = await hashPassword(input.newPassword);
    let securityStamp = user.securityStamp;
    const issued = await this.events.transaction(em, async (tx, emit) => {
      // The new stamp ends the account's one-time tokens (a reset link mailed before, too).
      securityStamp = await this.users.setPasswordHash(tx, user.id, passwordHash);
      await this.sessions.revokeAll(tx, user.id, caller.sessionId);
      emit({ type: SecurityEventType.PASSWORD_CHANGED, userId: user.id, sessionId: caller.sessionId, meta });
      return this.sessions.renew(tx, user, caller.sessionId);
    });
    user.passwordHash = passwordHash;
    user.securityStamp = securityStamp;
    this.mail.passwordChanged(user.email, user.username, 'change');
    return issued;
  }

  /**
   * Changes the username and/or the email under register's rules. With activation required a
   * new address is not trusted until confirmed: the account keeps its current email, and a
   * confirmation link goes to the new one (activateAccount applies it).
   */
  async updateMe(em: EntityManager, caller: AuthIdentity, input: UpdateMeInput, meta: RequestMeta): Promise<User> {
    // A new address is how an account is taken over (a reset link goes there next): a sensitive change.
    if (input.email != null && emailKey(input.email) !== emailKey(caller.user.email)) {
      await this.reauthentication.require(em, caller, { checksPassword: true });
    }
    const user = await this.callerUser(em, caller);
    if (!(await this.currentPasswordIsRight(em, user, input.currentPassword, meta))) {
      throw badUserInput({ currentPassword: [currentPasswordError(user)] });
    }
    const fields: IdentityFields = {
      ...(input.username != null ? { username: input.username } : {}),
      ...(input.email != null ? { email: input.email } : {}),
    };
    const errors = new FieldErrorCollector();
    addIdentityProblems(errors, fields);
    await addTakenIdentityErrors(em, fields, errors, user.id);
    errors.throwIfAny();

    const previousEmail = user.email;
    const previousUsername = user.username;
    if (fields.username !== undefined) {
      user.username = normalizeUsername(fields.username);
      user.usernameKey = usernameKey(fields.username);
    }
    const newAddress = fields.email !== undefined && emailKey(fields.email) !== user.emailKey;
    const pendingEmail = newAddress && this.requireEmailActivation ? fields.email! : null;
    // Each confirmation mails an address the account does not own yet: bounded like other link mails.
    if (pendingEmail !== null) await this.rateLimits.consume('mailPerAccount', user.id);
    if (fields.email !== undefined && pendingEmail === null) {
      user.email = fields.email;
      user.emailKey = emailKey(fields.email);
      // Written by the same flush: reset links went to the previous address and die with it.
      if (newAddress) user.securityStamp = newSecurityStamp();
    }
    // The events are staged before the flush, which writes them with the change.
    const event = { userId: user.id, sessionId: caller.sessionId, meta };
    const changed = [
      ...(user.username !== previousUsername ? [this.events.stage(em, { type: SecurityEventType.USERNAME_CHANGED, ...event })] : []),
      ...(user.email !== previousEmail ? [this.events.stage(em, { type: SecurityEventType.EMAIL_CHANGED, ...event })] : []),
    ];
    await flushIdentity(em, pendingEmail === null ? fields : { username: fields.username }, user.id);
    this.events.publish(changed);

    if (pendingEmail !== null) {
      const token = await this.tokens.issue(em, user, TokenPurpose.EMAIL_CHANGE, pendingEmail);
      this.mail.emailChange(pendingEmail, user.username, token);
    } else if (newAddress) {
      this.mail.emailChanged(previousEmail, user.username, user.email);
    }
    return user;
  }

  /** Deletes the account; its sessions and one-time tokens go with it (foreign keys cascade). */
  async deleteMe(em: EntityManager, caller: AuthIdentity, currentPassword: string, meta: RequestMeta): Promise<void> {
    await this.reauthentication.require(em, caller, { checksPassword: true });
    const user = await this.callerUser(em, caller);
    if (!(await this.currentPasswordIsRight(em, user, currentPassword, meta))) {
      throw badUserInput({ currentPassword: [currentPasswordError(user)] });
    }
    await this.events.transaction(em, async (tx, emit) => {
      if (!(await this.users.delete(tx, user.id))) throw unauthenticated();
      // The account's events stay, no longer naming it; so does this one.
      await this.events.forgetAccount(tx, user.id);
      emit({ type: SecurityEventType.ACCOUNT_DELETED, userId: null, sessionId: caller.sessionId, meta });
    });
  }

  private async callerUser(em: EntityManager, caller: AuthIdentity): Promise<User> {
    const user = await this.users.findById(em, caller.userId);
    if (!user) throw unauthenticated();
    return user;
  }

  /** Checks the current password under the login throttle (password/password-check.ts). */
  private currentPasswordIsRight(em: EntityManager, user: User, password: unknown, meta: RequestMeta): Promise<boolean> {
    return checkPasswordUnderBudget(em, { rateLimits: this.rateLimits, events: this.events }, user, password, meta);
  }
}

/** What a wrong current password is answered with: an account without one is told how to get one. */
function currentPasswordError(user: User): string {
  return user.passwordHash === null ? NO_CURRENT_PASSWORD : WRONG_CURRENT_PASSWORD;
}
