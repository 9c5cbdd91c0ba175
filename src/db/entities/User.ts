import { randomUUID } from 'node:crypto';
import { Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newSecurityStamp, SECURITY_STAMP_LENGTH } from '../../core/security-stamp.js';

export enum Role {
  USER = 'USER',
  ADMIN = 'ADMIN',
}

@Entity({ tableName: 'users' })
export class User {
  [OptionalProps]?: 'id' | 'passwordHash' | 'securityStamp' | 'role' | 'isActive' | 'dateJoined' | 'lastLogin' | 'mfaEnabled';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** As the user typed it (after Unicode NFKC), shown back to them. */
  @Property({ type: 'string', length: 150 })
  username!: string;

  /** NFKC + case-folded username: the unique key, so "Alice" and "alice" cannot both exist. */
  @Property({ type: 'string', length: 600, unique: 'users_username_key_unique' })
  usernameKey!: string;

  /** As typed. */
  @Property({ type: 'string', length: 254 })
  email!: string;

  /** Lower-cased email: the unique key. */
  @Property({ type: 'string', length: 254, unique: 'users_email_key_unique' })
  emailKey!: string;

  /**
   * argon2id PHC string. Never leaves the service layer. Null for an account without a password
   * (made by a passkey or an identity provider): its login by password fails like a wrong one,
   * and a password reset gives it its first password.
   */
  @Property({ type: 'text', hidden: true, nullable: true })
  passwordHash: string | null = null;

  /** Replaced by every change that must end the account's one-time tokens (core/security-stamp.ts). */
  @Property({ type: 'string', length: SECURITY_STAMP_LENGTH, hidden: true })
  securityStamp: string = newSecurityStamp();

  @Enum({ items: () => Role, type: 'string', length: 16 })
  role: Role = Role.USER;

  @Property({ type: 'boolean' })
  isActive: boolean = true;

  @Property({ type: 'datetime', index: 'users_date_joined_index' })
  dateJoined: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  lastLogin: Date | null = null;

  /**
   * True while the account has a confirmed second factor (src/mfa/): kept in the transaction that
   * confirms the first factor or removes the last, so that login and the session check read it
   * with the row they read anyway.
   */
  @Property({ type: 'boolean' })
  mfaEnabled: boolean = false;
}
