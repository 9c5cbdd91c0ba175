import type { EntityManager } from '@mikro-orm/core';
import type { User } from '../db/entities/index.js';
import type { UserStore } from '../db/stores/user-store.js';
import { badUserInput } from '../errors.js';
import { emailKey, EMAIL_MAX_LENGTH, usernameKey } from '../core/identity.js';
import { isUuid } from '../core/request-meta.js';

export const USERS_PAGE_MAX = 100;
export const USERS_PAGE_DEFAULT = 20;

export interface UserListArgs {
  first?: number | null;
  after?: string | null;
  search?: string | null;
}

export interface UserPage {
  edges: Array<{ cursor: string; node: User }>;
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
}

interface CursorPosition {
  dateJoined: Date;
  id: string;
}

/** Opaque to clients: base64url of "<dateJoined ms>:<id>", the position in the (dateJoined, id) order. */
export function encodeCursor(user: CursorPosition): string {
  return Buffer.from(`${user.dateJoined.getTime()}:${user.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition | null {
  if (cursor.length > 200) return null;
  const match = /^(\d{1,15}):(.+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || !isUuid(match[2])) return null;
  return { dateJoined: new Date(Number(match[1])), id: match[2] };
}

/** Reading accounts for the admin queries `user` and `users`. */
export class UserDirectory {
  constructor(private readonly users: UserStore) {}

  /** Newest first (dateJoined, then id, both descending); `search` matches username or email, any case. */
  async list(em: EntityManager, args: UserListArgs): Promise<UserPage> {
    const first = args.first ?? USERS_PAGE_DEFAULT;
    const after = args.after ? decodeCursor(args.after) : null;
    const search = args.search?.trim() ?? '';
    const errors: Record<string, string[]> = {};
    if (!Number.isInteger(first) || first < 1 || first > USERS_PAGE_MAX) {
      errors.first = [`Must be between 1 and ${USERS_PAGE_MAX}.`];
    }
    if (args.after && !after) errors.after = ['Not a cursor of this list.'];
    if (search.length > EMAIL_MAX_LENGTH) errors.search = [`Ensure this value has at most ${EMAIL_MAX_LENGTH} characters.`];
    if (Object.keys(errors).length > 0) throw badUserInput(errors);

    const { rows, totalCount } = await this.users.page(em, {
      first,
      after,
      search: search ? { usernameKey: usernameKey(search), emailKey: emailKey(search) } : null,
    });
    const nodes = rows.slice(0, first);
    const edges = nodes.map((node) => ({ cursor: encodeCursor(node), node }));
    return {
      edges,
      hasNextPage: rows.length > first,
      endCursor: edges.at(-1)?.cursor ?? null,
      totalCount,
    };
  }
}
