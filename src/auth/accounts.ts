import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { User } from '../db/entities/index.js';
import { findById } from '../db/find-by-id.js';
import { FieldErrorCollector, invalidCredentials, unauthenticated } from '../errors.js';
import { emailKey, emailProblems, normalizeUsername, usernameKey, usernameProblems } from './identity.js';
import { passwordProblems } from './password-policy.js';
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

const USERNAME_TAKEN = 'A user with that username already exists.';
const EMAIL_TAKEN = 'A user with that email address already exists.';

/** Registration and sign-in: who may have an account, and proving that you own one. */
export class AccountService {
  constructor(
    private readonly sessions: SessionService,
    /** Brute-force throttling of login (per account and per client address). */
    private readonly rateLimits: RateLimits = RateLimits.disabled(),
  ) {}

  /** Validates every field at once (all problems reported together), then creates the user. */
  async register(em: EntityManager, input: RegisterInput): Promise<User> {
    const errors = new FieldErrorCollector();
    for (const problem of usernameProblems(input.username)) errors.add('username', problem);
    for (const problem of emailProblems(input.email)) errors.add('email', problem);
    for (const problem of passwordProblems(input.password, input)) errors.add('password', problem);
    if (input.passwordConfirm !== input.password) errors.add('passwordConfirm', "The two password fields didn't match.");
    await this.addTakenIdentityErrors(em, input, errors);
    errors.throwIfAny();

    const user = em.create(User, {
      username: normalizeUsername(input.username),
      usernameKey: usernameKey(input.username),
      email: input.email,
      emailKey: emailKey(input.email),
      passwordHash: await hashPassword(input.password),
    });
    try {
      await em.flush();
    } catch (error) {
      // Two registrations raced past the check above; the unique index chose the winner.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      em.clear();
      const afterRace = new FieldErrorCollector();
      await this.addTakenIdentityErrors(em.fork(), input, afterRace);
      if (afterRace.isEmpty) afterRace.add('username', USERNAME_TAKEN);
      afterRace.throwIfAny();
    }
    return user;
  }

  private async addTakenIdentityErrors(
    em: EntityManager,
    input: Pick<RegisterInput, 'username' | 'email'>,
    errors: FieldErrorCollector,
  ): Promise<void> {
    if (!errors.has('username') && (await em.count(User, { usernameKey: usernameKey(input.username) }))) {
      errors.add('username', USERNAME_TAKEN);
    }
    if (!errors.has('email') && (await em.count(User, { emailKey: emailKey(input.email) }))) {
      errors.add('email', EMAIL_TAKEN);
    }
  }

  /**
   * Checks the password and starts a session. An unknown user and a wrong password fail the same
   * way in about the same time; only the right password to an inactive account learns why.
   */
  async login(em: EntityManager, input: LoginInput, meta: RequestMeta): Promise<IssuedTokens> {
    const user = await this.findByLogin(em, input.username);
    // Throttled before any password is checked; an unknown name is throttled like an account, so
    // that a lockout never tells whether an account exists.
    const accountKey = user ? `user:${user.id}` : unknownAccountKey(usernameKey(input.username.slice(0, 1024)));
    const attempt = await this.rateLimits.beginLogin(accountKey, meta.ipAddress);
    const passwordIsRight = user
      ? await verifyPassword(user.passwordHash, input.password)
      : await verifyAgainstDummy(input.password);
    if (!user || !passwordIsRight) {
      await attempt.failed();
      throw invalidCredentials();
    }
    await attempt.succeeded();
    if (!user.isActive) {
      throw unauthenticated('This account is not active yet.', { reason: 'ACCOUNT_NOT_ACTIVE' });
    }
    if (passwordNeedsRehash(user.passwordHash)) user.passwordHash = await hashPassword(input.password);
    user.lastLogin = new Date();
    return this.sessions.start(em, user, meta);
  }

  /** An identifier with "@" is tried as an email first, then as a username (usernames may hold "@"). */
  private async findByLogin(em: EntityManager, identifier: string): Promise<User | null> {
    if (identifier.length === 0 || identifier.length > 1024) return null;
    if (identifier.includes('@')) {
      const byEmail = await em.findOne(User, { emailKey: emailKey(identifier) });
      if (byEmail) return byEmail;
    }
    return em.findOne(User, { usernameKey: usernameKey(identifier) });
  }

  async findUser(em: EntityManager, id: string): Promise<User | null> {
    // findById: the lean primary-key read of the `me` hot path (see db/find-by-id.ts).
    return isUuid(id) ? findById(em, User, id) : null;
  }
}
