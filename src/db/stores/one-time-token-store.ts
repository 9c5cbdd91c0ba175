import type { EntityManager } from '@mikro-orm/core';
import { OneTimeToken, TokenPurpose } from '../entities/index.js';

/** The `one_time_tokens` table (through the ORM: none of these is on a hot path). */
export class OneTimeTokenStore {
  /** Deletes the user's tokens of `purpose`, and every expired token of anyone. */
  async deleteForPurposeAndExpired(em: EntityManager, userId: string, purpose: TokenPurpose): Promise<void> {
    await em.nativeDelete(OneTimeToken, { $or: [{ user: userId, purpose }, { expiresAt: { $lte: new Date() } }] });
  }

  /** The unexpired token with this hash and one of these purposes, with its user loaded. */
  findLive(em: EntityManager, tokenHash: string, purposes: TokenPurpose[]): Promise<OneTimeToken | null> {
    return em.findOne(
      OneTimeToken,
      { tokenHash, purpose: { $in: purposes }, expiresAt: { $gt: new Date() } },
      { populate: ['user'] },
    );
  }

  /** True for exactly one of several concurrent deletes of the token. */
  async delete(em: EntityManager, id: string): Promise<boolean> {
    return (await em.nativeDelete(OneTimeToken, { id })) === 1;
  }
}
