import type { EntityManager } from '@mikro-orm/core';
// The query builder is the knex-based SQL one (the same class for SQLite and PostgreSQL).
import type { SqlEntityManager } from '@mikro-orm/better-sqlite';
import type { CallerProfile } from '../../core/request-meta.js';
import { newSecurityStamp } from '../../core/security-stamp.js';
import { Role, User } from '../entities/index.js';
import { findById } from '../find-by-id.js';
import { readRow } from '../read-row.js';
import { dateFromRow } from '../row-values.js';
import { statementCache, type SqlNames } from '../statement-cache.js';
import type { SqlWrite } from './sql-write.js';

/**
 * The `users` table: the only place that knows its row's shape. Hot paths (the session check of
 * every request, login) read plain records with raw statements, no entity, no identity map: the
 * bench's profiles showed `em.map` of the user costing about 9% of a `me` request and 0.2 ms of
 * a login's main thread. The rest goes through the ORM.
 */

/** The aliases the statements give the profile's columns. */
export interface ProfileRow {
  userId: unknown;
  username: unknown;
  email: unknown;
  role: unknown;
  isActive: unknown;
  dateJoined: unknown;
  lastLogin: unknown;
  mfaEnabled: unknown;
}

/** The profile's columns of the users table under the alias `table`, as [alias, column] pairs. */
export function profileColumns(names: SqlNames, table: string): Array<[keyof ProfileRow, string]> {
  const column = (property: keyof CallerProfile) => names.column(User, property, table);
  return [
    ['userId', column('id')],
    ['username', column('username')],
    ['email', column('email')],
    ['role', column('role')],
    ['isActive', column('isActive')],
    ['dateJoined', column('dateJoined')],
    ['lastLogin', column('lastLogin')],
    ['mfaEnabled', column('mfaEnabled')],
  ];
}

export function profileFromRow(row: ProfileRow): CallerProfile {
  return {
    id: String(row.userId),
    username: String(row.username),
    email: String(row.email),
    role: row.role === Role.ADMIN ? Role.ADMIN : Role.USER,
    // SQLite stores booleans as 0/1, PostgreSQL returns a boolean.
    isActive: Boolean(row.isActive),
    dateJoined: dateFromRow(row.dateJoined),
    lastLogin: row.lastLogin === null || row.lastLogin === undefined ? null : dateFromRow(row.lastLogin),
    mfaEnabled: Boolean(row.mfaEnabled),
  };
}

/** The unique keys a login may name an account by. */
export type LoginKey = 'usernameKey' | 'emailKey';

/** The account a login names, read lean: its password hash, security stamp and public fields. */
export interface LoginAccount {
  id: string;
  /** Null: the account has no password (its login by password fails like a wrong one). */
  passwordHash: string | null;
  /** Keys the account's login throttle (accountThrottleKey). */
  securityStamp: string;
  isActive: boolean;
  /** Its public fields as read. */
  profile: CallerProfile;
}

/** What a successful login writes to the account's row. */
export interface LoginChanges {
  lastLogin: Date;
  /** A new hash when the stored one had weaker parameters. */
  passwordHash?: string;
}

export interface UserPageQuery {
  first: number;
  /** The position after which the page starts, in the (dateJoined, id) descending order. */
  after: { dateJoined: Date; id: string } | null;
  /** Normalised search keys: matched as "contains" against the username key or the email key. */
  search: { usernameKey: string; emailKey: string } | null;
}

/** LIKE pattern for "contains", with the wildcards of the search text taken literally (ESCAPE '!'). */
const containsPattern = (text: string) => `%${text.replace(/[!%_]/g, (char) => `!${char}`)}%`;

const statements = statementCache((names) => {
  const column = (property: keyof User & string) => names.column(User, property, 'u');
  const loginSelect = (key: LoginKey) =>
    `select ${names.aliased([
      ['passwordHash', column('passwordHash')],
      ['securityStamp', column('securityStamp')],
      ...profileColumns(names, 'u'),
    ])} ` +
    `from ${names.table(User)} u where ${column(key)} = ?`;
  const signIn = (setHash: boolean) =>
    `update ${names.table(User)} set ${names.column(User, 'lastLogin')} = ?` +
    `${setHash ? `, ${names.column(User, 'passwordHash')} = ?` : ''} where ${names.column(User, 'id')} = ?`;
  return {
    loginByKey: { usernameKey: loginSelect('usernameKey'), emailKey: loginSelect('emailKey') } as Record<LoginKey, string>,
    signIn: signIn(false),
    signInRehashed: signIn(true),
  };
});

export class UserStore {
  /**
   * The account a login names, by a unique key (the normalised username or email): one raw
   * SELECT, not `em.findOne`, whose query builder, criteria processing and populate planning the
   * bench's profile of the login load showed costing several times the query.
   */
  async findLoginAccount(em: EntityManager, key: LoginKey, value: string): Promise<LoginAccount | null> {
    const sql = statements(em).loginByKey[key];
    const row = await readRow<ProfileRow & { passwordHash: unknown; securityStamp: unknown }>(em, sql, [value]);
    if (!row) return null;
    const profile = profileFromRow(row);
    const passwordHash = row.passwordHash === null || row.passwordHash === undefined ? null : String(row.passwordHash);
    return { id: profile.id, passwordHash, securityStamp: String(row.securityStamp), isActive: profile.isActive, profile };
  }

  /**
   * The login's UPDATE of the account (lastLogin, a rehashed password: the same password, so the
   * security stamp stays), as a statement for the
   * session store to run in the same transaction as the session's INSERT. Dates go through the
   * platform (epoch milliseconds on SQLite, timestamptz on PostgreSQL), as a flush would write them.
   */
  signInWrite(em: EntityManager, userId: string, changes: LoginChanges): SqlWrite {
    const lastLogin = em.getPlatform().processDateProperty(changes.lastLogin);
    const sql = statements(em);
    return changes.passwordHash === undefined
      ? { sql: sql.signIn, params: [lastLogin, userId] }
      : { sql: sql.signInRehashed, params: [lastLogin, changes.passwordHash, userId] };
  }

  /** The lean primary-key read of `me`'s fields (find-by-id.ts). */
  findById(em: EntityManager, id: string): Promise<User | null> {
    return findById(em, User, id);
  }

  findByEmailKey(em: EntityManager, emailKey: string): Promise<User | null> {
    return em.findOne(User, { emailKey });
  }

  /**
   * A new password (changed, reset, or the first of an account that had none), with a new
   * security stamp in the same UPDATE: the account's one-time tokens die with the old password,
   * and its login locks are lifted. Returns the new stamp.
   */
  async setPasswordHash(em: EntityManager, userId: string, passwordHash: string): Promise<string> {
    const securityStamp = newSecurityStamp();
    await em.nativeUpdate(User, { id: userId }, { passwordHash, securityStamp });
    return securityStamp;
  }

  async activate(em: EntityManager, userId: string): Promise<void> {
    await em.nativeUpdate(User, { id: userId }, { isActive: true });
  }

  /** Switches the account on or off; off also replaces the security stamp (its one-time tokens die). */
  async setActive(em: EntityManager, userId: string, isActive: boolean): Promise<void> {
    await em.nativeUpdate(User, { id: userId }, isActive ? { isActive } : { isActive, securityStamp: newSecurityStamp() });
  }

  /** Applies a new email address with a new security stamp: links mailed to the old one die. */
  async setEmail(em: EntityManager, userId: string, email: string, emailKey: string): Promise<void> {
    await em.nativeUpdate(User, { id: userId }, { email, emailKey, securityStamp: newSecurityStamp() });
  }

  /** True when the account existed and is gone (its sessions and tokens cascade). */
  async delete(em: EntityManager, userId: string): Promise<boolean> {
    return (await em.nativeDelete(User, { id: userId })) === 1;
  }

  /** One page of accounts, newest first (dateJoined, then id, both descending), and how many match. */
  async page(em: EntityManager, query: UserPageQuery): Promise<{ rows: User[]; totalCount: number }> {
    const matching = (em as SqlEntityManager).createQueryBuilder(User, 'u');
    if (query.search) {
      matching.where("(u.username_key like ? escape '!' or u.email_key like ? escape '!')", [
        containsPattern(query.search.usernameKey),
        containsPattern(query.search.emailKey),
      ]);
    }
    const page = matching.clone();
    const after = query.after;
    if (after) {
      page.andWhere({
        $or: [{ dateJoined: { $lt: after.dateJoined } }, { dateJoined: after.dateJoined, id: { $lt: after.id } }],
      });
    }
    const [rows, totalCount] = await Promise.all([
      page.orderBy({ dateJoined: 'desc', id: 'desc' }).limit(query.first + 1).getResultList(),
      matching.getCount(),
    ]);
    return { rows, totalCount };
  }
}
