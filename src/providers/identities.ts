import type { EntityManager } from '@mikro-orm/core';
import { isUuid, type AuthIdentity, type RequestMeta } from '../core/request-meta.js';
import type { LinkedIdentity } from '../db/entities/index.js';
import type { IdentityStore } from '../db/stores/identity-store.js';
import type { UserStore } from '../db/stores/user-store.js';
import { SecurityEventType, type SecurityEventSink } from '../events/index.js';
import type { ReauthenticationPolicy } from '../mfa/reauthentication.js';
import { identityNotFound, lastWayToSignIn } from './errors.js';

/** identities and unlinkIdentity: an account's linked provider identities. */
export class LinkedIdentities {
  constructor(
    private readonly store: IdentityStore,
    private readonly users: UserStore,
    private readonly reauthentication: ReauthenticationPolicy,
    private readonly events: SecurityEventSink,
  ) {}

  list(em: EntityManager, userId: string): Promise<LinkedIdentity[]> {
    return this.store.listIdentities(em, userId);
  }

  /** Removes an identity (re-authentication required), unless it is the account's last way to sign in. */
  async unlink(em: EntityManager, caller: AuthIdentity, id: string, meta: RequestMeta): Promise<void> {
    await this.reauthentication.require(em, caller);
    if (typeof id !== 'string' || !isUuid(id)) throw identityNotFound();
    await this.events.transaction(em, async (tx, emit) => {
      if ((await otherWaysToSignIn(tx, this.store, this.users, caller.userId, id)) === 0) {
        const owned = (await this.store.listIdentities(tx, caller.userId)).some((identity) => identity.id === id);
        throw owned ? lastWayToSignIn() : identityNotFound();
      }
      if (!(await this.store.deleteIdentity(tx, caller.userId, id))) throw identityNotFound();
      emit({ type: SecurityEventType.IDENTITY_UNLINKED, userId: caller.userId, sessionId: caller.sessionId, meta });
    });
  }
}

/**
 * How many ways to sign in the account has besides the identity `exceptIdentityId`: its
 * password, its other linked identities, its passkeys (when the passkeys table exists). The
 * emailed sign-in link is not counted: it is a way back in, not one the account holder chose.
 * Extend here when another way to sign in appears.
 */
export async function otherWaysToSignIn(
  em: EntityManager,
  store: IdentityStore,
  users: UserStore,
  userId: string,
  exceptIdentityId: string,
): Promise<number> {
  const user = await users.findById(em, userId);
  const password = user?.passwordHash ? 1 : 0;
  const identities = await store.countIdentities(em, userId, exceptIdentityId);
  const passkeys = await store.countPasskeys(em, userId);
  return password + identities + passkeys;
}
