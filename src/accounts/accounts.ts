import type { EntityManager } from '@mikro-orm/core';
import { Role, TokenPurpose, User } from '../db/entities/index.js';
import type { LoginAccount, LoginChanges, UserStore } from '../db/stores/user-store.js';
import { AppError, FieldErrorCollector, invalidCredentials, unauthenticated } from '../errors.js';
import type { AccountMail } from '../mail/account-mail.js';
import {
  addIdentityProblems,
  addNewPasswordProblems,
  addTakenIdentityErrors,
  EMAIL_TAKEN,
  flushIdentity,
} from './account-rules.js';
import { passwordAuthentication } from '../sessions/authentication.js';
import { emailKey, normalizeUsername, usernameKey } from '../core/identity.js';
import type { OneTimeTokenService } from '../verification/one-time-tokens.js';
import { accountThrottleKey, RateLimits, unknownAccountKey } from '../limits/rate-limit.js';
import { hashPassword, passwordNeedsRehash, verifyAgainstDummy, verifyStoredPassword } from '../password/passwords.js';
import { isUuid, type RequestMeta } from '../core/request-meta.js';
import type { IssuedTokens, SessionService } from '../sessions/sessions.js';
import { SecurityEventType, type SecurityEventSink } from '../events/index.js';
import type { MfaLoginService } from '../mfa/mfa-login.js';

export interface RegisterInput {
  username: string;
  email: string;
  password: string;
  passwordConfirm: string;
}

export interface LoginInput {
  /** The username or the email address. */
  username: string;
  password: string;
}

/** What registration needs for email activation (absent: every account is active at once). */
export interface RegistrationActivation {
  required: boolean;
  tokens: OneTimeTokenService;
  mail: AccountMail;
}

/** For operators (createsuperuser): the role and state of the new account. */
export interface RegisterOptions {
  role?: Role;
  /** Default: inactive when activation is required. */
  isActive?: boolean;
}

/** True for the field error of a registration that lost the race for its address alone. */
function isOnlyEmailTaken(error: unknown): boolean {
  if (!(error instanceof AppError) || error.code !== 'BAD_USER_INPUT') return false;
  const fieldErrors = error.details.fieldErrors as Record<string, string[]> | undefined;
  return fieldErrors !== undefined && Object.keys(fieldErrors).join() === 'email' && fieldErrors.email.includes(EMAIL_TAKEN);
}

/** Registration and sign-in: who may have an account, and proving that you own one. */
export class AccountService {
  constructor(
    private readonly sessions: SessionService,
    private readonly users: UserStore,
    /** Brute-force throttling of login (per account and per client address). */
    private readonly rateLimits: RateLimits = RateLimits.disabled(),
    private readonly activation: RegistrationActivation | undefined,
    /** ACCOUNT_CREATED, SIGN_IN_FAILED, ACCOUNT_LOCKED (SIGNED_IN: SessionService.start). */
    private readonly events: SecurityEventSink,
    /** What a right password of an account with a second factor leads to (MFA_REQUIRED). */
    private readonly secondFactor?: Pick<MfaLoginService, 'challenge'>,
  ) {}

  /**
   * Validates every field at once (all problems reported together), then creates the user.
   * When activation is required the user starts inactive and the activation token is stored in
   * the same transaction; its mail goes out after the commit.
   *
   * With activation required, an address that already has an account is not refused (that would
   * tell anyone who owns an account): the answer is a look-alike of a fresh registration, made
   * in about the same time, and the owner of the address is told instead. Usernames are public,
   * so a taken one is still a field error; without activation the taken address is one too (there
   * is no mail to answer it with: see README, "Registration and enumeration").
   */
  async register(em: EntityManager, input: RegisterInput, options: RegisterOptions = {}, meta?: RequestMeta): Promise<User> {
    const isActive = options.isActive ?? !this.activation?.required;
    const concealTakenEmail = !isActive && this.activation !== undefined;
    const errors = new FieldErrorCollector();
    addIdentityProblems(errors, input);
    addNewPasswordProblems(errors, { password: input.password, confirm: input.passwordConfirm }, input);
    await addTakenIdentityErrors(em, concealTakenEmail ? { username: input.username } : input, errors);
    errors.throwIfAny();
    if (concealTakenEmail) {
      const owner = await this.users.findByEmailKey(em, emailKey(input.email));
      if (owner) return this.answerTakenEmail(owner, input);
    }

    const user = em.create(User, {
      username: normalizeUsername(input.username),
      usernameKey: usernameKey(input.username),
      email: input.email,
      emailKey: emailKey(input.email),
      passwordHash: await hashPassword(input.password),
      role: options.role ?? Role.USER,
      isActive,
    });
    const activationToken =
      !user.isActive && this.activation ? this.activation.tokens.create(em, user, TokenPurpose.ACTIVATION) : null;
    // Written by the same flush as the account (the flush is one transaction).
    const created = this.events.stage(em, { type: SecurityEventType.ACCOUNT_CREATED, userId: user.id, meta });
    try {
      // Two registrations may race past the check above; the unique index chooses the winner.
      await flushIdentity(em, input);
    } catch (error) {
      // Lost a race for the address only: answered like any taken address.
      if (concealTakenEmail && isOnlyEmailTaken(error)) {
        const owner = await this.users.findByEmailKey(em.fork(), emailKey(input.email));
        if (owner) return this.answerTakenEmail(owner, input, { hashed: true });
      }
      throw error;
    }
    this.events.publish([created]);
    if (activationToken && (await this.rateLimits.allows('mailPerAccount', user.id))) {
      this.activation?.mail.activation(user.email, user.username, activationToken);
    }
    return user;
  }

  /**
   * What a registration with a taken address answers when activation is required: an inactive
   * USER with a new id, as a fresh registration returns, that is never stored; the password is
   * hashed all the same so that the answer takes as long. The address's owner gets a notice
   * (within the account's mail budget, so that this is no way to flood an inbox).
   */
  private async answerTakenEmail(owner: User, input: RegisterInput, done: { hashed?: boolean } = {}): Promise<User> {
    if (!done.hashed) await hashPassword(input.password);
    // `new`, not em.create: an entity the unit of work never sees, so nothing can store it.
    const lookAlike = Object.assign(new User(), {
      username: normalizeUsername(input.username),
      usernameKey: usernameKey(input.username),
      email: input.email,
      emailKey: emailKey(input.email),
      passwordHash: null,
      isActive: false,
    });
    if (await this.rateLimits.allows('mailPerAccount', owner.id)) {
      this.activation?.mail.registrationAttempt(owner.email, owner.username);
    }
    return lookAlike;
  }

  /**
   * Checks the password and starts a session. An unknown user and a wrong password fail the same
   * way in about the same time; only the right password to an inactive account learns why.
   */
  async login(em: EntityManager, input: LoginInput, meta: RequestMeta): Promise<IssuedTokens> {
    const account = await this.findByLogin(em, input.username);
    // Throttled before any password is checked; an unknown name is throttled like an account, so
    // that a lockout never tells whether an account exists.
    const accountKey = account
      ? accountThrottleKey(account.id, account.securityStamp)
      : unknownAccountKey(usernameKey(input.username.slice(0, 1024)));
    const attempt = await this.rateLimits.beginLogin(accountKey, meta.ipAddress).catch(async (error: unknown) => {
      await this.events.record(em, { type: SecurityEventType.SIGN_IN_FAILED, userId: account?.id ?? null, meta, signInFailure: 'throttled' });
      throw error;
    });
    // An account without a password (passkey, identity provider) fails here exactly like a wrong password.
    const passwordIsRight = account
      ? await verifyStoredPassword(account.passwordHash, input.password)
      : await verifyAgainstDummy(input.password);
    if (!account || account.passwordHash === null || !passwordIsRight) {
      const locked = await attempt.failed();
      // Recorded on the account the name matched (never the password tried); an unknown name has none.
      const failure = { userId: account?.id ?? null, meta, signInFailure: 'wrong_credentials' } as const;
      await this.events.record(em, { type: SecurityEventType.SIGN_IN_FAILED, ...failure });
      if (locked && account) await this.events.record(em, { type: SecurityEventType.ACCOUNT_LOCKED, userId: account.id, meta });
      throw invalidCredentials();
    }
    // With a second factor to come, the account's count of failures stays (wrong codes add to it).
    const needsSecondFactor = account.profile.mfaEnabled && this.secondFactor !== undefined;
    await (needsSecondFactor ? attempt.released() : attempt.succeeded());
    if (!account.isActive) {
      await this.events.record(em, { type: SecurityEventType.SIGN_IN_FAILED, userId: account.id, meta, signInFailure: 'inactive' });
      throw unauthenticated('This account is not active yet.', { reason: 'ACCOUNT_NOT_ACTIVE' });
    }
    // The password was right and the account has a second factor: no tokens until it is given.
    if (needsSecondFactor) return this.secondFactor!.challenge(em, account);
    const authentication = passwordAuthentication(account.id, new Date());
    const changes: LoginChanges = { lastLogin: authentication.authenticatedAt };
    if (passwordNeedsRehash(account.passwordHash)) changes.passwordHash = await hashPassword(input.password);
    // The account's changes are written in the same transaction as the session (SessionStore.insert);
    // the answer's profile is the account as read, with this login's lastLogin.
    const profile = { ...account.profile, lastLogin: changes.lastLogin };
    return this.sessions.start(em, authentication, profile, meta, this.users.signInWrite(em, account.id, changes));
  }

  /**
   * An identifier with "@" is tried as an email first, then as a username (usernames may hold "@").
   * A lean read (UserStore.findLoginAccount): no entity, no identity map.
   */
  private async findByLogin(em: EntityManager, identifier: string): Promise<LoginAccount | null> {
    if (identifier.length === 0 || identifier.length > 1024) return null;
    if (identifier.includes('@')) {
      const byEmail = await this.users.findLoginAccount(em, 'emailKey', emailKey(identifier));
      if (byEmail) return byEmail;
    }
    return this.users.findLoginAccount(em, 'usernameKey', usernameKey(identifier));
  }

  async findUser(em: EntityManager, id: string): Promise<User | null> {
    return isUuid(id) ? this.users.findById(em, id) : null;
  }
}
