import { Field, ID, ObjectType } from 'type-graphql';
import { PLAIN_OBJECT } from './plain-object.js';
import type { Session } from '../../db/entities/index.js';

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
  };
}
