import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { AuthMethodsType } from './auth-methods.js';
import { User } from './User.js';

/** How a user proved who they are (RFC 8176 names in tokens: sessions/authentication.ts). */
export enum AuthMethod {
  PASSWORD = 'PASSWORD',
  TOTP = 'TOTP',
  RECOVERY_CODE = 'RECOVERY_CODE',
  PASSKEY = 'PASSKEY',
  IDENTITY_PROVIDER = 'IDENTITY_PROVIDER',
  EMAIL_LINK = 'EMAIL_LINK',
}

/**
 * One signed-in device. Its refresh tokens form a chain: only the one whose id is
 * `currentTokenId` is valid; rotation swaps that id with a compare-and-set update.
 */
@Entity({ tableName: 'sessions' })
export class Session {
  [OptionalProps]?: 'id' | 'createdAt' | 'lastUsedAt' | 'revokedAt' | 'userAgent' | 'ipAddress' | 'assuranceLevel' | 'previousTokenId' | 'rotatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade', index: 'sessions_user_id_index' })
  user!: Ref<User>;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  lastUsedAt: Date = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  @Property({ type: 'string', length: 512, nullable: true })
  userAgent: string | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  ipAddress: string | null = null;

  /** The `jti` of the one refresh token currently valid for this session. */
  @Property({ type: 'string', length: 64 })
  currentTokenId!: string;

  /** The methods of the session's last authentication, first one first (stored comma-separated). */
  @Property({ type: AuthMethodsType })
  authMethods!: AuthMethod[];

  /** 1: one factor; 2: two factors (or a passkey with user verification). */
  @Property({ type: 'integer' })
  assuranceLevel: number = 1;

  /** When the user last proved who they are in this session (login or reauthentication). */
  @Property({ type: 'datetime' })
  authenticatedAt!: Date;

  /**
   * The `jti` of the refresh token the last rotation replaced: within REFRESH_REUSE_INTERVAL of
   * `rotatedAt` it gets the current one again (signed anew, byte-identical) instead of counting
   * as reuse. No token itself is stored.
   */
  @Property({ type: 'string', length: 64, nullable: true })
  previousTokenId: string | null = null;

  /** When the last rotation happened: the current refresh token's `iat`. */
  @Property({ type: 'datetime', nullable: true })
  rotatedAt: Date | null = null;
}
