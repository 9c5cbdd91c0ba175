import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { LinkedIdentity } from './LinkedIdentity.js';
import { User } from './User.js';

/**
 * The single-use code the callback puts in the app's URL fragment, which
 * completeIdentityProviderSignIn exchanges for tokens: 256 random bits, stored as SHA-256,
 * two minutes, for the account the provider identity signs in to.
 */
@Entity({ tableName: 'identity_callback_codes' })
export class IdentityCallbackCode {
  [OptionalProps]?: 'id' | 'createdAt' | 'purpose';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 64, unique: 'identity_callback_codes_code_hash_unique' })
  codeHash!: string;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade', index: 'identity_callback_codes_user_id_index' })
  user!: Ref<User>;

  @ManyToOne(() => LinkedIdentity, { ref: true, deleteRule: 'cascade', index: 'identity_callback_codes_identity_id_index' })
  identity!: Ref<LinkedIdentity>;

  /** Only sign-in for now (a link finishes at the callback). */
  @Property({ type: 'string', length: 16 })
  purpose: string = 'sign_in';

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', index: 'identity_callback_codes_expires_at_index' })
  expiresAt!: Date;
}
