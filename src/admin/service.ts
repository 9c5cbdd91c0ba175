import { LockMode, type EntityManager } from '@mikro-orm/core';
import { isUuid, type AuthIdentity, type RequestMeta } from '../core/request-meta.js';
import { Role, Session, User } from '../db/entities/index.js';
import type { UserStore } from '../db/stores/user-store.js';
import { isSqlite } from '../db/sqlite-writer.js';
import { SecurityEventType, type EmitEvent, type SecurityEventSink } from '../events/index.js';
import { lastActiveAdmin, noSuchUser } from './errors.js';

/** What an admin does to an account: the admin is the actor of the event it records. */
interface AdminAction {
  admin: AuthIdentity;
  meta?: RequestMeta;
}

/**
 * setUserActive, setUserRole, revokeUserSessions, deleteUser. Each runs in one transaction with
 * its event (ACCOUNT_DEACTIVATED / ACCOUNT_REACTIVATED, ROLE_CHANGED, SESSION_REVOKED,
 * ACCOUNT_DELETED, with the admin as actor).
 *
 * There is always an active admin left: a change that would take the last one away (demoting,
 * deactivating or deleting it) is refused. Two admins demoting each other at once must not both
 * succeed, so the check and the change share a transaction that first locks every active
 * admin's row (SELECT ... FOR UPDATE, in id order so that two such transactions cannot
 * deadlock): the second waits for the first, then sees its result. SQLite has one writer, and
 * the pool one connection, so its transactions are serial already.
 *
 * Roles and the active flag are read with the session on every request (sessions/session-liveness.ts),
 * so a change takes effect on the account's very next request.
 */
export class AdminAccountService {
  constructor(
    private readonly events: SecurityEventSink,
    private readonly users: UserStore,
  ) {}

  /** Deactivating also revokes every session of the account at once, and ends its one-time tokens (security stamp). */
  async setActive(em: EntityManager, id: string, active: boolean, action: AdminAction): Promise<User> {
    return this.change(em, id, { removesAdmin: !active }, async (tx, user, emit) => {
      if (user.isActive === active) return;
      await this.users.setActive(tx, user.id, active);
      if (!active) await this.revokeLiveSessions(tx, user.id);
      // An account that never signed in and is switched on by an admin was activated, not re-activated.
      const type = !active
        ? SecurityEventType.ACCOUNT_DEACTIVATED
        : user.lastLogin === null
          ? SecurityEventType.ACCOUNT_ACTIVATED
          : SecurityEventType.ACCOUNT_REACTIVATED;
      user.isActive = active;
      emit(this.event(type, user.id, action));
    });
  }

  async setRole(em: EntityManager, id: string, role: Role, action: AdminAction): Promise<User> {
    return this.change(em, id, { removesAdmin: role !== Role.ADMIN }, async (tx, user, emit) => {
      if (user.role === role) return;
      await tx.nativeUpdate(User, { id: user.id }, { role });
      user.role = role;
      emit(this.event(SecurityEventType.ROLE_CHANGED, user.id, action));
    });
  }

  /** Returns how many sessions were live (neither revoked nor expired). */
  async revokeSessions(em: EntityManager, id: string, action: AdminAction): Promise<number> {
    let revoked = 0;
    await this.change(em, id, { removesAdmin: false }, async (tx, user, emit) => {
      revoked = await this.revokeLiveSessions(tx, user.id);
      if (revoked > 0) emit(this.event(SecurityEventType.SESSION_REVOKED, user.id, action));
    });
    return revoked;
  }

  /** Deletes the account with its sessions and tokens (foreign keys cascade); its events stay, no longer naming it. */
  async deleteUser(em: EntityManager, id: string, action: AdminAction): Promise<boolean> {
    await this.change(em, id, { removesAdmin: true }, async (tx, user, emit) => {
      if ((await tx.nativeDelete(User, { id: user.id })) !== 1) throw noSuchUser();
      await this.events.forgetAccount(tx, user.id);
      emit({ ...this.event(SecurityEventType.ACCOUNT_DELETED, user.id, action), userId: null });
    });
    return true;
  }

  /**
   * Reads the account inside the transaction (BAD_USER_INPUT on `id` when there is none, also
   * when it was deleted a moment earlier) and applies `apply`; when the change may take an
   * admin away, refuses it if the account is the last active admin, under the lock.
   */
  private async change(
    em: EntityManager,
    id: string,
    guard: { removesAdmin: boolean },
    apply: (tx: EntityManager, user: User, emit: EmitEvent) => Promise<void>,
  ): Promise<User> {
    if (!isUuid(id)) throw noSuchUser();
    return this.events.transaction(em, async (tx, emit) => {
      const activeAdmins = guard.removesAdmin ? await this.lockActiveAdmins(tx) : [];
      const user = await tx.findOne(User, id, { refresh: true });
      if (!user) throw noSuchUser();
      const isActiveAdmin = user.role === Role.ADMIN && user.isActive;
      if (guard.removesAdmin && isActiveAdmin && !activeAdmins.some((adminId) => adminId !== user.id)) throw lastActiveAdmin();
      await apply(tx, user, emit);
      return user;
    });
  }

  /** The ids of every active admin, their rows locked until the transaction ends (PostgreSQL). */
  private async lockActiveAdmins(tx: EntityManager): Promise<string[]> {
    const admins = await tx.find(
      User,
      { role: Role.ADMIN, isActive: true },
      { fields: ['id'], orderBy: { id: 'asc' }, ...(isSqlite(tx) ? {} : { lockMode: LockMode.PESSIMISTIC_WRITE }) },
    );
    return admins.map((admin) => admin.id);
  }

  private revokeLiveSessions(tx: EntityManager, userId: string): Promise<number> {
    const now = new Date();
    return tx.nativeUpdate(Session, { user: userId, revokedAt: null, expiresAt: { $gt: now } }, { revokedAt: now });
  }

  private event(type: SecurityEventType, userId: string, action: AdminAction) {
    return { type, userId, actorId: action.admin.userId, sessionId: null, meta: action.meta };
  }
}
