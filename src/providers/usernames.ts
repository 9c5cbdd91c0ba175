import type { EntityManager } from '@mikro-orm/core';
import { User } from '../db/entities/index.js';
import { normalizeUsername, usernameKey, usernameProblems } from '../core/identity.js';
import { randomBytes } from 'node:crypto';
import { USERNAME_SUFFIX_TRIES } from './limits.js';

/** Room left for a suffix within the 150 characters of a username. */
const BASE_MAX_LENGTH = 140;

/**
 * The username of an account a provider sign-in creates: the provider's preferred_username, else
 * the local part of its email, kept to the characters a username may have, made unique by a
 * number ("alice", "alice2", …) and, past those, a random suffix.
 */
export function usernameBase(preferredUsername: string | null, email: string | null): string {
  for (const candidate of [preferredUsername, email?.split('@')[0] ?? null]) {
    if (!candidate) continue;
    const cleaned = [...normalizeUsername(candidate).replace(/[^\p{L}\p{N}_.@+-]+/gu, '')].slice(0, BASE_MAX_LENGTH).join('');
    if (cleaned.length > 0 && usernameProblems(cleaned).length === 0) return cleaned;
  }
  return 'user';
}

export async function uniqueUsername(em: EntityManager, base: string): Promise<string> {
  for (let attempt = 1; attempt <= USERNAME_SUFFIX_TRIES; attempt += 1) {
    const candidate = attempt === 1 ? base : `${base}${attempt}`;
    if ((await em.count(User, { usernameKey: usernameKey(candidate) })) === 0) return candidate;
  }
  return `${base}-${randomBytes(4).toString('hex')}`;
}
