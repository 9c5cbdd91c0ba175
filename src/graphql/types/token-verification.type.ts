import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PLAIN_OBJECT } from './plain-object.js';
import type { TokenInspection } from '../../sessions/sessions.js';

export enum TokenType {
  ACCESS = 'ACCESS',
  REFRESH = 'REFRESH',
}

registerEnumType(TokenType, {
  name: 'TokenType',
  description: 'Which kind of token verifyToken was given.',
  valuesConfig: {
    ACCESS: { description: 'An access token (`Authorization: Bearer`).' },
    REFRESH: { description: 'A refresh token (refreshToken, logout).' },
  },
});

@ObjectType('TokenVerification', { ...PLAIN_OBJECT, description: 'What verifyToken found; only `valid` is set for a bad token.' })
export class TokenVerificationType {
  @Field(() => Boolean, { description: 'Signature, type and expiry are good and the session is live.' })
  valid!: boolean;

  @Field(() => TokenType, { nullable: true, description: 'The kind of token; null when not valid.' })
  tokenType!: TokenType | null;

  @Field(() => ID, { nullable: true, description: 'Whose token it is; null when not valid.' })
  userId!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the token expires; null when not valid.' })
  expiresAt!: Date | null;
}

export function toTokenVerification(inspection: TokenInspection): TokenVerificationType {
  return {
    valid: inspection.valid,
    tokenType: inspection.kind === 'access' ? TokenType.ACCESS : inspection.kind === 'refresh' ? TokenType.REFRESH : null,
    userId: inspection.userId ?? null,
    expiresAt: inspection.expiresAt ?? null,
  };
}
