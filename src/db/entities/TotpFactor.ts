import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { User } from './User.js';

/**
 * An authenticator app of an account (src/mfa/). The shared secret is sealed with AES-256-GCM
 * (crypto/secret-box.ts) under a key of its own derived from KEY_ENCRYPTION_KEY or JWT_SECRET,
 * the factor's id as additional data. Unconfirmed until a code proves the app has the secret;
 * an unconfirmed factor expires. `lastUsedStep` is the RFC 6238 time step (about 5.9e7 in 2026: an integer holds it for two thousand years) of the last code
 * accepted: a code of that step or an earlier one is refused (a replay), by a compare-and-set
 * update, so that of two requests with one code on two instances exactly one gets in.
 */
@Entity({ tableName: 'totp_factors' })
export class TotpFactor {
  [OptionalProps]?: 'id' | 'createdAt' | 'confirmedAt' | 'expiresAt' | 'lastUsedAt' | 'lastUsedStep';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade', index: 'totp_factors_user_id_index' })
  user!: Ref<User>;

  @Property({ type: 'string', length: 64 })
  name!: string;

  @Property({ type: 'string', length: 32 })
  secretIv!: string;

  @Property({ type: 'string', length: 32 })
  secretTag!: string;

  @Property({ type: 'string', length: 128 })
  secretCiphertext!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  confirmedAt: Date | null = null;

  /** When an unconfirmed factor stops being confirmable; null once confirmed. */
  @Property({ type: 'datetime', nullable: true })
  expiresAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  lastUsedAt: Date | null = null;

  @Property({ type: 'integer', nullable: true })
  lastUsedStep: number | null = null;
}
