import type { EntityManager } from '@mikro-orm/core';
import { Role, TokenPurpose, User } from '../db/entities/index.js';
import { findById } from '../db/find-by-id.js';
import { FieldErrorCollector, invalidCredentials, unauthenticated } from '../errors.js';
import type { AccountMail } from '../mail/account-mail.js';
import { addIdentityProblems, addNewPasswordProblems, addTakenIdentityErrors, flushIdentity } from './account-rules.js';
import { emailKey, normalizeUsername, usernameKey } from './identity.js';
import { findLoginAccount, type LoginAccount, type LoginChanges } from './login-account.js';
import type { OneTimeTokenService } from './one-time-tokens.js';
import { RateLimits, unknownAccountKey } from './rate-limit.js';
import { hashPassword, passwordNeedsRehash, verifyAgainstDummy, verifyPassword } from './passwords.js';
import { isUuid, type RequestMeta } from './request-meta.js';
import type { IssuedTokens, SessionService } from './sessions.js';

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

/** Registration and sign-in: who may have an account, and proving that you own one. */
export class AccountService {
  constructor(
    private readonly sessions: SessionService,
    /** Brute-force throttling of login (per account and per client address). */
    private readonly rateLimits: RateLimits = RateLimits.disabled(),
    private readonly activation?: RegistrationActivation,
  ) {}

  /**
   * Validates every field at once (all problems reported together), then creates the user.
   * When activation is required the user starts inactive and the activation token is stored in
   * the same transaction; its mail goes out after the commit.
   */
  async register(em: EntityManager, input: RegisterInput, options: RegisterOptions = {}): Promise<User> {
    const errors = new FieldErrorCollector();
    addIdentityProblems(errors, input);
    addNewPasswordProblems(errors, { password: input.password, confirm: input.passwordConfirm }, input);
    await addTakenIdentityErrors(em, input, errors);
    errors.throwIfAny();

    const user = em.create(User, {
      username: normalizeUsername(input.username),
      usernameKey: usernameKey(input.username),
      email: input.email,
      emailKey: emailKey(input.email),
      passwordHash: await hashPassword(input.password),
      role: options.role ?? Role.USER,
      isActive: options.isActive ?? !this.activation?.required,
    });
    const activationToken =
      !user.isActive && this.activation ? this.activation.tokens.create(em, user, TokenPurpose.ACTIVATION) : null;
    // Two registrations may race past the check above; the unique index chooses the winner.
    await flushIdentity(em, input);
    if (activationToken) this.activation?.mail.activation(user.email, user.username, activationToken);
    return user;
  }

  /**
   * Checks the password and starts a session. An unknown user and a wrong password fail the same
   * way in about the same time; only the right password to an inactive account learns why.
   */
  async login(em: EntityManager, input: LoginInput, meta: RequestMeta): Promise<IssuedTokens> {
    const account = await this.findByLogin(em, input.username);
    // Throttled before any password is checked; an unknown name is throttled like an account, so
    // that a lockout never tells whether an account exists.
    const accountKey = account ? `user:${account.id}` : unknownAccountKey(usernameKey(input.username.slice(0, 1024)));
    const attempt = await this.rateLimits.beginLogin(accountKey, meta.ipAddress);
    const passwordIsRight = account
      ? await verifyPassword(account.passwordHash, input.password)
      : await verifyAgainstDummy(input.password);
    if (!account || !passwordIsRight) {
      await attempt.failed();
      throw invalidCredentials();
    }
    await attempt.succeeded();
    if (!account.isActive) {
      throw unauthenticated('This account is not active yet.', { reason: 'ACCOUNT_NOT_ACTIVE' });
    }
    const changes: LoginChanges = { lastLogin: new Date() };
    if (passwordNeedsRehash(account.passwordHash)) changes.passwordHash = await hashPassword(input.password);
    return this.sessions.start(em, account, meta, changes);
  }

  /**
   * An identifier with "@" is tried as an email first, then as a username (usernames may hold "@").
   * A lean read (login-account.ts): the account becomes a User entity only when the login succeeds.
   */
  private async findByLogin(em: EntityManager, identifier: string): Promise<LoginAccount | null> {
    if (identifier.length === 0 || identifier.length > 1024) return null;
    if (identifier.includes('@')) {
      const byEmail = await findLoginAccount(em, 'emailKey', emailKey(identifier));
      if (byEmail) return byEmail;
    }
    return findLoginAccount(em, 'usernameKey', usernameKey(identifier));
  }

  async findUser(em: EntityManager, id: string): Promise<User | null> {
    // findById: the lean primary-key read of the `me` hot path (see db/find-by-id.ts).
    return isUuid(id) ? findById(em, User, id) : null;
  }
}
