import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { User } from './User.js';

/**
 * One single-use recovery code of an account (src/mfa/recovery-codes.ts). Only a keyed hash of
 * it is stored (HMAC-SHA256 under a key derived from KEY_ENCRYPTION_KEY or JWT_SECRET), so that a
 * copy of the database alone cannot test guesses. Using it deletes the row: of concurrent uses,
 * exactly one deletes it.
 */
@Entity({ tableName: 'recovery_codes' })
@Unique({ name: 'recovery_codes_user_hash_unique', properties: ['user', 'codeHash'] })
export class RecoveryCode {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @Property({ type: 'string', length: 64 })
  codeHash!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
