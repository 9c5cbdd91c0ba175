import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { MfaChallenge } from './MfaChallenge.js';
import { User } from './User.js';

/** Which WebAuthn ceremony a challenge was issued for; a response is accepted only by its own. */
export enum WebauthnCeremony {
  REGISTRATION = 'REGISTRATION',
  SIGN_IN = 'SIGN_IN',
  MFA = 'MFA',
}

/**
 * A WebAuthn challenge handed out and not yet answered (src/passkeys/), in the database so that a
 * ceremony started on one instance finishes on any other. Single-use: answering deletes the row,
 * and of concurrent answers exactly one deletes it. Bound to its ceremony and to whom it was for:
 * - REGISTRATION: `user` is the signed-in caller; `name` the passkey's name to be;
 * - SIGN_IN: `user` is the account a username named (null for an unknown one), or null with
 *   `discoverable` for a sign-in without a username (any passkey of any account);
 * - MFA: `mfaChallenge` is the pending login it finishes, `user` its account.
 */
@Entity({ tableName: 'webauthn_challenges' })
export class WebauthnChallenge {
  [OptionalProps]?: 'id' | 'createdAt' | 'user' | 'mfaChallenge' | 'name' | 'discoverable';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: () => WebauthnCeremony, type: 'string', length: 16 })
  ceremony!: WebauthnCeremony;

  /** base64url, as in the options' `challenge`. */
  @Property({ type: 'string', length: 128 })
  challenge!: string;

  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'cascade', index: 'webauthn_challenges_user_id_index' })
  user: Ref<User> | null = null;

  @ManyToOne(() => MfaChallenge, { ref: true, nullable: true, deleteRule: 'cascade', index: 'webauthn_challenges_mfa_challenge_id_index' })
  mfaChallenge: Ref<MfaChallenge> | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  name: string | null = null;

  @Property({ type: 'boolean' })
  discoverable: boolean = false;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', index: 'webauthn_challenges_expires_at_index' })
  expiresAt!: Date;
}
