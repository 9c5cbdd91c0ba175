import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { SecurityEventType, type SecurityEvent } from '../db/entities/index.js';
import { PLAIN_OBJECT } from '../graphql/types/plain-object.js';
import { PageInfoType } from '../graphql/types/user-connection.type.js';
import type { EventPage } from './service.js';

registerEnumType(SecurityEventType, {
  name: 'SecurityEventType',
  description: 'What a security event records.',
  valuesConfig: {
    ACCOUNT_CREATED: { description: 'The account was registered (or created by an operator).' },
    ACCOUNT_ACTIVATED: { description: 'The account was activated with its emailed link.' },
    SIGNED_IN: { description: 'A login succeeded and started a session.' },
    SIGN_IN_FAILED: {
      description:
        'A login named this account with a wrong password or a wrong second-factor code, or presented a passkey of it that could not be verified (or a cloned one: its counter went backwards), or the account was inactive.',
    },
    ACCOUNT_LOCKED: { description: 'Too many failed logins locked the account for the client address.' },
    SIGNED_OUT: { description: 'A session was ended by logout, or every session by logoutAll.' },
    SESSION_REVOKED: { description: 'A session was revoked (revokeSession, or an admin revoking the sessions).' },
    REFRESH_TOKEN_REUSED: { description: 'A refresh token was used again after rotation; its session was revoked.' },
    PASSWORD_CHANGED: { description: 'The password was changed with the current one.' },
    PASSWORD_RESET_REQUESTED: { description: 'A password-reset link was mailed.' },
    PASSWORD_RESET: { description: 'The password was set with a reset link.' },
    EMAIL_CHANGED: { description: 'The email address changed.' },
    USERNAME_CHANGED: { description: 'The username changed.' },
    ACCOUNT_DEACTIVATED: { description: 'An admin deactivated the account.' },
    ACCOUNT_REACTIVATED: { description: 'An admin reactivated the account.' },
    ROLE_CHANGED: { description: "An admin changed the account's role." },
    ACCOUNT_DELETED: { description: 'The account was deleted.' },
    SIGNING_KEY_ROTATED: { description: 'Recorded without a userId; actorId is the admin (null from the CLI).' },
    SIGNING_KEY_REVOKED: { description: 'Recorded without a userId; actorId is the admin (null from the CLI).' },
    MFA_ENABLED: { description: 'The first second factor (an authenticator app confirmed, or a passkey added): a password sign-in asks for a second factor.' },
    MFA_DISABLED: { description: 'The last second factor (authenticator app or passkey) was removed (actorId: an admin who reset it).' },
    RECOVERY_CODES_REGENERATED: { description: 'A new set of recovery codes replaced the old one.' },
    RECOVERY_CODE_USED: { description: 'A recovery code was used to sign in or re-authenticate.' },
    PASSKEY_ADDED: { description: 'A passkey was added to the account.' },
    PASSKEY_REMOVED: { description: 'A passkey was removed from the account.' },
    IDENTITY_LINKED: { description: "An identity provider's account was linked (by a first sign-in with it, or linkIdentityProvider)." },
    IDENTITY_UNLINKED: { description: 'A linked identity was removed with unlinkIdentity.' },
  },
});

@ObjectType('SecurityEvent', { ...PLAIN_OBJECT, description: 'One security-relevant change, as recorded when it happened.' })
export class SecurityEventObject {
  @Field(() => ID, { description: "The event's id." })
  id!: string;

  @Field(() => SecurityEventType, { description: 'What happened.' })
  type!: SecurityEventType;

  @Field(() => Date, { description: 'When it happened.' })
  at!: Date;

  @Field(() => ID, { nullable: true, description: 'The account the event is about (null once that account is deleted).' })
  userId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Who caused it when not the account itself (an admin), else null.' })
  actorId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The session it happened in or to, if any (it may since have ended).' })
  sessionId!: string | null;

  @Field(() => String, { nullable: true, description: 'The client address of the request that caused it.' })
  ipAddress!: string | null;

  @Field(() => String, { nullable: true, description: 'The User-Agent of the request that caused it.' })
  userAgent!: string | null;
}

@ObjectType('SecurityEventEdge', { ...PLAIN_OBJECT, description: 'One event in a page of events.' })
export class SecurityEventEdgeObject {
  @Field(() => String, { description: 'Opaque position of this event in the list.' })
  cursor!: string;

  @Field(() => SecurityEventObject, { description: 'The event.' })
  node!: SecurityEventObject;
}

@ObjectType('SecurityEventConnection', { ...PLAIN_OBJECT, description: 'A page of security events, newest first.' })
export class SecurityEventConnectionObject {
  @Field(() => [SecurityEventEdgeObject], { description: 'The events of this page.' })
  edges!: SecurityEventEdgeObject[];

  @Field(() => PageInfoType, { description: 'Where this page ends.' })
  pageInfo!: PageInfoType;
}

/** Copies the public fields of each row. */
export function toEventConnection(page: EventPage): SecurityEventConnectionObject {
  return {
    edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toEventObject(node) })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
  };
}

function toEventObject(event: SecurityEvent): SecurityEventObject {
  const { id, type, at, userId, actorId, sessionId, ipAddress, userAgent } = event;
  return { id, type, at, userId, actorId, sessionId, ipAddress, userAgent };
}
