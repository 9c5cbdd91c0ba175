import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { User } from './User.js';

/** What a one-time token may be used for; a token of one purpose never works for another. */
export enum TokenPurpose {
  ACTIVATION = 'activation',
  PASSWORD_RESET = 'password_reset',
  /** Confirms a new email address; the address waits in `newEmail` until then. */
  EMAIL_CHANGE = 'email_change',
  /** Signs in (requestEmailSignIn, completeEmailSignIn: src/providers/email-link.ts). */
  EMAIL_SIGN_IN = 'email_sign_in',
}

/**
 * A token mailed to a user (activation, password reset, email change, sign-in link). Only its SHA-256 is
 * stored, so a copy of the database cannot be used to take over accounts. It is deleted when
 * used (single use), expires, and carries the account's security stamp it was issued under, so
 * that it dies as soon as the password changes any other way, the email address changes or the
 * account is deactivated (core/security-stamp.ts).
 */
@Entity({ tableName: 'one_time_tokens' })
export class OneTimeToken {
  [OptionalProps]?: 'id' | 'createdAt' | 'newEmail';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade', index: 'one_time_tokens_user_id_index' })
  user!: Ref<User>;

  @Enum({ items: () => TokenPurpose, type: 'string', length: 32 })
  purpose!: TokenPurpose;

  /** Hex SHA-256 of the token; the token itself is only ever in the mail. */
  @Property({ type: 'string', length: 64, unique: 'one_time_tokens_token_hash_unique' })
  tokenHash!: string;

  /** The user's security stamp when the token was issued. */
  @Property({ type: 'string', length: 64 })
  securityStamp!: string;

  @Property({ type: 'string', length: 254, nullable: true })
  newEmail: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', index: 'one_time_tokens_expires_at_index' })
  expiresAt!: Date;
}
