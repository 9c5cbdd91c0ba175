import type { EntityManager, MetadataStorage } from '@mikro-orm/core';
import { User } from '../db/entities/index.js';
import { readRow } from '../db/read-row.js';
import { aliasedColumns, profileColumns, profileFromRow, type ProfileRow } from './caller-profile.js';
import type { CallerProfile } from './request-meta.js';

/**
 * The account a login names, read lean: one raw SELECT by a unique key (the normalised
 * username or email), not `em.findOne`, whose query builder, criteria processing and
 * populate planning the bench's profile of the login load showed costing several times the
 * query. Its public fields become the answer's profile once the login has succeeded
 * (`toProfile`), with the writes of the login applied; nothing goes through the unit of work.
 */
export interface LoginAccount {
  id: string;
  passwordHash: string;
  isActive: boolean;
  /** Its public fields as read, for `toProfile`. */
  profile: CallerProfile;
}

export type LoginKey = 'usernameKey' | 'emailKey';

export async function findLoginAccount(em: EntityManager, key: LoginKey, value: string): Promise<LoginAccount | null> {
  const row = await readRow<ProfileRow & { passwordHash: unknown }>(em, selectByKeyQuery(em, key), [value]);
  if (!row) return null;
  const profile = profileFromRow(row);
  return { id: profile.id, passwordHash: String(row.passwordHash), isActive: profile.isActive, profile };
}

/** What a successful login wrote to the account's row (see session-start.ts). */
export interface LoginChanges {
  lastLogin: Date;
  /** A new hash when the stored one had weaker parameters. */
  passwordHash?: string;
}

/**
 * The signed-in account's public fields, with the login's lastLogin, for the answer: a plain
 * profile (as the session check reads one), not `em.map`, whose hydration, identity-map merge and
 * change-set snapshot cost about 0.2 ms of main-thread time per login (perf, at login rates).
 */
export function toProfile(account: LoginAccount, changes: LoginChanges): CallerProfile {
  return { ...account.profile, lastLogin: changes.lastLogin };
}

const queries = new WeakMap<MetadataStorage, Map<LoginKey, string>>();

function selectByKeyQuery(em: EntityManager, key: LoginKey): string {
  const storage = em.getMetadata();
  let perKey = queries.get(storage);
  if (!perKey) queries.set(storage, (perKey = new Map()));
  let query = perKey.get(key);
  if (!query) {
    const users = storage.get<User>(User.name);
    const quote = (name: string) => em.getPlatform().quoteIdentifier(name);
    const column = (property: keyof User & string) => `u.${quote(users.properties[property].fieldNames[0])}`;
    const columns = aliasedColumns(em, [['passwordHash', column('passwordHash')], ...profileColumns(em, 'u')]);
    query = `select ${columns} from ${quote(users.tableName)} u where ${column(key)} = ?`;
    perKey.set(key, query);
  }
  return query;
}
