import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PLAIN_OBJECT } from './plain-object.js';
import { AuthMethod, type Session } from '../../db/entities/index.js';

registerEnumType(AuthMethod, {
  name: 'AuthMethod',
  description: 'How a user proved who they are (RFC 8176 `amr` values in tokens: pwd, otp, swk/hwk, fed, ...).',
  valuesConfig: {
    PASSWORD: { description: 'The account\'s password (amr "pwd").' },
    TOTP: { description: 'A time-based one-time code from an authenticator app (amr "otp").' },
    RECOVERY_CODE: { description: 'A single-use recovery code (amr "kba").' },
    PASSKEY: { description: 'A passkey (WebAuthn credential; amr "hwk").' },
    IDENTITY_PROVIDER: { description: 'An external identity provider (amr "fed").' },
    EMAIL_LINK: { description: 'A single-use link sent by email (amr "otp").' },
  },
});

@ObjectType('Session', {
  ...PLAIN_OBJECT,
  description: 'One signed-in device: a chain of rotated refresh tokens that started with one login.',
})
export class SessionType {
  @Field(() => ID, { description: "The session's id, for revokeSession." })
  id!: string;

  @Field(() => Date, { description: 'When the login that started the session happened.' })
  createdAt!: Date;

  @Field(() => Date, { description: 'The last login or refresh of this session.' })
  lastUsedAt!: Date;

  @Field(() => Date, { description: 'When the session ends unless refreshed before.' })
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'The User-Agent header of the login, to recognise the device.' })
  userAgent!: string | null;

  @Field(() => String, { nullable: true, description: 'The client address of the login.' })
  ipAddress!: string | null;

  @Field(() => Boolean, { description: 'True for the session that the calling access token belongs to.' })
  current!: boolean;

  @Field(() => [AuthMethod], { description: 'The methods used when this session last proved who the user is, first one first.' })
  authMethods!: AuthMethod[];

  @Field(() => Int, { description: '1: one factor; 2: two factors (or a passkey with user verification).' })
  assuranceLevel!: number;

  @Field(() => Date, { description: 'When the user last proved who they are in this session (login or reauthentication).' })
  authenticatedAt!: Date;
}

export function toSessionType(session: Session, currentSessionId: string): SessionType {
  return {
    id: session.id,
    createdAt: session.createdAt,
    lastUsedAt: session.lastUsedAt,
    expiresAt: session.expiresAt,
    userAgent: session.userAgent,
    ipAddress: session.ipAddress,
    current: session.id === currentSessionId,
    authMethods: session.authMethods,
    assuranceLevel: session.assuranceLevel,
    authenticatedAt: session.authenticatedAt ?? session.createdAt,
  };
}
