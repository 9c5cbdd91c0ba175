import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { IdentityProviderConfig } from '../config/index.js';
import { emailKey, emailProblems, normalizeUsername, usernameKey } from '../core/identity.js';
import type { RequestMeta } from '../core/request-meta.js';
import { newSecurityStamp } from '../core/security-stamp.js';
import { Role, User } from '../db/entities/index.js';
import type { IdentityStore } from '../db/stores/identity-store.js';
import type { UserStore } from '../db/stores/user-store.js';
import { SecurityEventType, type SecurityEventSink } from '../events/index.js';
import { CallbackFailure } from './errors.js';
import type { ProviderIdentity } from './oidc-client.js';
import { uniqueUsername, usernameBase } from './usernames.js';

/** The account and linked identity a provider sign-in ends at. */
export interface IdentityAccount {
  userId: string;
  identityId: string;
}

/**
 * Which account a provider identity signs in to, and linking. The rules:
 * - an identity (issuer + subject) already linked signs in to its account;
 * - else, when an account has the provider's email: it is linked only when the provider says it
 *   verified the address and the operator trusts this provider for linking
 *   (`trustEmailForLinking`); otherwise `account_exists` (the owner links from inside the
 *   account: linkIdentityProvider), so that nobody gets into an account by creating an identity
 *   with its address at a provider that does not check addresses;
 * - else a new account without a password is created, only with an address the provider
 *   verified (an unverified one would let anyone claim, and later hold, an address that is not
 *   theirs); `email_required` otherwise.
 */
export class IdentityAccounts {
  constructor(
    private readonly store: IdentityStore,
    private readonly users: UserStore,
    private readonly events: SecurityEventSink,
  ) {}

  async signIn(em: EntityManager, provider: IdentityProviderConfig, identity: ProviderIdentity, meta: RequestMeta): Promise<IdentityAccount> {
    try {
      return await this.resolve(em, provider, identity, meta);
    } catch (error) {
      // Two first sign-ins racing (the same identity, address or username): the second one
      // finds what the first one made.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      return this.resolve(em.fork(), provider, identity, meta);
    }
  }

  /** Links the identity to `userId` (linkIdentityProvider's callback). */
  async link(em: EntityManager, provider: IdentityProviderConfig, identity: ProviderIdentity, userId: string, meta: RequestMeta): Promise<void> {
    const now = new Date();
    const existing = await this.store.findIdentity(em, identity.issuer, identity.subject);
    if (existing) {
      if (existing.user.id !== userId) throw new CallbackFailure('identity_in_use');
      await this.store.touchIdentity(em, existing.id, identity.email, now);
      return;
    }
    const user = await this.users.findById(em, userId);
    if (!user || !user.isActive) throw new CallbackFailure('account_inactive');
    try {
      await this.events.transaction(em, async (tx, emit) => {
        await this.store.insertIdentity(tx, { userId, providerId: provider.id, issuer: identity.issuer, subject: identity.subject, email: identity.email, now });
        emit({ type: SecurityEventType.IDENTITY_LINKED, userId, meta });
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new CallbackFailure('identity_in_use');
      throw error;
    }
  }

  private async resolve(em: EntityManager, provider: IdentityProviderConfig, identity: ProviderIdentity, meta: RequestMeta): Promise<IdentityAccount> {
    const now = new Date();
    const existing = await this.store.findIdentity(em, identity.issuer, identity.subject);
    if (existing) {
      const user = await this.users.findById(em, existing.user.id);
      if (!user || !user.isActive) throw new CallbackFailure('account_inactive');
      await this.store.touchIdentity(em, existing.id, identity.email, now);
      return { userId: user.id, identityId: existing.id };
    }
    const email = identity.email !== null && emailProblems(identity.email).length === 0 ? identity.email : null;
    const owner = email ? await this.users.findByEmailKey(em, emailKey(email)) : null;
    if (owner) {
      if (!(identity.emailVerified && provider.trustEmailForLinking)) throw new CallbackFailure('account_exists');
      if (!owner.isActive) throw new CallbackFailure('account_inactive');
      const identityId = await this.events.transaction(em, async (tx, emit) => {
        const id = await this.store.insertIdentity(tx, { userId: owner.id, providerId: provider.id, issuer: identity.issuer, subject: identity.subject, email, now });
        emit({ type: SecurityEventType.IDENTITY_LINKED, userId: owner.id, meta });
        return id;
      });
      return { userId: owner.id, identityId };
    }
    if (!email || !identity.emailVerified) throw new CallbackFailure('email_required');
    const username = await uniqueUsername(em, usernameBase(identity.preferredUsername, email));
    return this.events.transaction(em, async (tx, emit) => {
      const userId = crypto.randomUUID();
      // Native: the identity's row must follow the account's within this transaction.
      await tx.insert(User, {
        id: userId,
        username: normalizeUsername(username),
        usernameKey: usernameKey(username),
        email,
        emailKey: emailKey(email),
        passwordHash: null,
        securityStamp: newSecurityStamp(),
        role: Role.USER,
        // The provider verified the address: nothing for an activation mail to prove.
        isActive: true,
        dateJoined: now,
        lastLogin: null,
        mfaEnabled: false,
      });
      const identityId = await this.store.insertIdentity(tx, { userId, providerId: provider.id, issuer: identity.issuer, subject: identity.subject, email, now });
      emit({ type: SecurityEventType.ACCOUNT_CREATED, userId, meta });
      emit({ type: SecurityEventType.IDENTITY_LINKED, userId, meta });
      return { userId, identityId };
    });
  }
}
