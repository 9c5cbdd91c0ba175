import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { AuthMethod } from './Session.js';
import { User } from './User.js';

/**
 * A login whose password was right and that waits for its second factor: the `mfaToken` it
 * answered with, stored as SHA-256 only, single-use, short-lived, for this account under the
 * security stamp it had (a password reset in between ends it). Wrong codes are counted on the row,
 * so that the budget per token holds on every instance.
 */
@Entity({ tableName: 'mfa_challenges' })
export class MfaChallenge {
  [OptionalProps]?: 'id' | 'createdAt' | 'failedAttempts' | 'firstMethod';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade', index: 'mfa_challenges_user_id_index' })
  user!: Ref<User>;

  @Property({ type: 'string', length: 64, unique: 'mfa_challenges_token_hash_unique' })
  tokenHash!: string;

  @Property({ type: 'string', length: 64 })
  securityStamp!: string;

  /** What proved the first factor (a password, an identity provider, an emailed link): the session's first method. */
  @Enum({ items: () => AuthMethod, type: 'string', length: 32 })
  firstMethod: AuthMethod = AuthMethod.PASSWORD;

  @Property({ type: 'integer' })
  failedAttempts: number = 0;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', index: 'mfa_challenges_expires_at_index' })
  expiresAt!: Date;
}
