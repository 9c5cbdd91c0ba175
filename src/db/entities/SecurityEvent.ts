import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** What happened (the contract's SecurityEventType, one value per kind of change). */
export enum SecurityEventType {
  ACCOUNT_CREATED = 'ACCOUNT_CREATED',
  ACCOUNT_ACTIVATED = 'ACCOUNT_ACTIVATED',
  SIGNED_IN = 'SIGNED_IN',
  SIGN_IN_FAILED = 'SIGN_IN_FAILED',
  ACCOUNT_LOCKED = 'ACCOUNT_LOCKED',
  SIGNED_OUT = 'SIGNED_OUT',
  SESSION_REVOKED = 'SESSION_REVOKED',
  REFRESH_TOKEN_REUSED = 'REFRESH_TOKEN_REUSED',
  PASSWORD_CHANGED = 'PASSWORD_CHANGED',
  PASSWORD_RESET_REQUESTED = 'PASSWORD_RESET_REQUESTED',
  PASSWORD_RESET = 'PASSWORD_RESET',
  EMAIL_CHANGED = 'EMAIL_CHANGED',
  USERNAME_CHANGED = 'USERNAME_CHANGED',
  ACCOUNT_DEACTIVATED = 'ACCOUNT_DEACTIVATED',
  ACCOUNT_REACTIVATED = 'ACCOUNT_REACTIVATED',
  ROLE_CHANGED = 'ROLE_CHANGED',
  ACCOUNT_DELETED = 'ACCOUNT_DELETED',
  /** A signing key rotation (no account; the actor is the admin, none from the CLI). */
  SIGNING_KEY_ROTATED = 'SIGNING_KEY_ROTATED',
  SIGNING_KEY_REVOKED = 'SIGNING_KEY_REVOKED',
  /** The first second factor: an authenticator app confirmed (src/mfa/) or a passkey added (src/passkeys/). */
  MFA_ENABLED = 'MFA_ENABLED',
  /** The last one was removed, or an admin reset the account's second factors. */
  MFA_DISABLED = 'MFA_DISABLED',
  RECOVERY_CODES_REGENERATED = 'RECOVERY_CODES_REGENERATED',
  RECOVERY_CODE_USED = 'RECOVERY_CODE_USED',
  /** A passkey was registered to the account (src/passkeys/). */
  PASSKEY_ADDED = 'PASSKEY_ADDED',
  PASSKEY_REMOVED = 'PASSKEY_REMOVED',
  /** An identity provider's account was linked to the account (src/providers/). */
  IDENTITY_LINKED = 'IDENTITY_LINKED',
  IDENTITY_UNLINKED = 'IDENTITY_UNLINKED',
}

/**
 * One security-relevant change, append-only, written in the transaction of the change it records
 * (src/events/). The ids it names are plain columns, not foreign keys: an event outlives the
 * session it mentions, and the account's id is set to null when the account is deleted
 * (security-events.store.ts), so that nothing cascades it away.
 *
 * Indexed for the two orders the queries page through, newest first: one account's events
 * (user_id, at, id) and everyone's (at, id), which the retention prune also walks; (type, at, id)
 * serves the audit log filtered by type.
 */
@Entity({ tableName: 'security_events' })
@Index({ name: 'security_events_user_at_index', properties: ['userId', 'at', 'id'] })
@Index({ name: 'security_events_at_index', properties: ['at', 'id'] })
@Index({ name: 'security_events_type_at_index', properties: ['type', 'at', 'id'] })
export class SecurityEvent {
  [OptionalProps]?: 'id' | 'at' | 'userId' | 'actorId' | 'sessionId' | 'ipAddress' | 'userAgent';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: () => SecurityEventType, type: 'string', length: 32 })
  type!: SecurityEventType;

  @Property({ type: 'datetime' })
  at: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  userId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  actorId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  sessionId: string | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  ipAddress: string | null = null;

  @Property({ type: 'string', length: 512, nullable: true })
  userAgent: string | null = null;
}
