import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { TokenInspection } from '../../auth/sessions.js';

export enum TokenType {
  ACCESS = 'ACCESS',
  REFRESH = 'REFRESH',
}

registerEnumType(TokenType, { name: 'TokenType' });

@ObjectType('TokenVerification', { description: 'What verifyToken found; only `valid` is set for a bad token.' })
export class TokenVerificationType {
  @Field(() => Boolean)
  valid!: boolean;

  @Field(() => TokenType, { nullable: true })
  tokenType!: TokenType | null;

  @Field(() => ID, { nullable: true })
  userId!: string | null;

  @Field(() => Date, { nullable: true })
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
