import { randomUUID } from 'node:crypto';
import { BigIntType, Entity, ManyToOne, OptionalProps, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { User } from './User.js';

/**
 * A WebAuthn credential of an account (src/passkeys/): the authenticator keeps the private key,
 * the row keeps what checks its signatures. `credentialId` and `publicKey` (a COSE key) are
 * base64url; nothing here is secret. `counter` is the authenticator's signature counter (an
 * unsigned 32-bit number, hence a bigint column), raised by a compare-and-set update on every
 * sign-in: a counter that goes backwards marks a cloned authenticator (synced passkeys report 0
 * throughout). `transports` are the hints the browser gave (comma-separated), for allowCredentials.
 */
@Entity({ tableName: 'passkeys' })
export class Passkey {
  [OptionalProps]?: 'id' | 'createdAt' | 'lastUsedAt' | 'counter' | 'transports' | 'backedUp';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade', index: 'passkeys_user_id_index' })
  user!: Ref<User>;

  @Property({ type: 'string', length: 1400, unique: 'passkeys_credential_id_unique' })
  credentialId!: string;

  @Property({ type: 'text' })
  publicKey!: string;

  @Property({ type: new BigIntType('number') })
  counter: number = 0;

  @Property({ type: 'string', length: 255 })
  transports: string = '';

  @Property({ type: 'boolean' })
  backedUp: boolean = false;

  /** `singleDevice` or `multiDevice` (WebAuthn's backup eligibility). */
  @Property({ type: 'string', length: 32 })
  deviceType!: string;

  @Property({ type: 'string', length: 64 })
  name!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  lastUsedAt: Date | null = null;
}
