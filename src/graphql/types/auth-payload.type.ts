import { Field, Int, ObjectType } from 'type-graphql';
import { PLAIN_OBJECT } from './plain-object.js';
import type { IssuedTokens } from '../../sessions/sessions.js';
import { toUserType, UserType } from './user.type.js';

@ObjectType('AuthPayload', { ...PLAIN_OBJECT, description: 'Tokens issued by login, refreshToken and changePassword.' })
export class AuthPayloadType {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <accessToken>`. Short-lived.' })
  accessToken!: string;

  @Field(() => String, { description: 'Exchange for new tokens with refreshToken; single use (rotated).' })
  refreshToken!: string;

  @Field(() => String, {
    description: 'Always "Bearer": send the access token as `Authorization: Bearer <accessToken>`.',
  })
  tokenType!: string;

  @Field(() => Int, { description: 'Seconds until the access token expires.' })
  expiresIn!: number;

  @Field(() => Int, { description: 'Seconds until the refresh token expires.' })
  refreshExpiresIn!: number;

  @Field(() => UserType, { description: 'The signed-in user.' })
  user!: UserType;
}

export function toAuthPayload(issued: IssuedTokens): AuthPayloadType {
  return {
    accessToken: issued.accessToken,
    refreshToken: issued.refreshToken,
    tokenType: 'Bearer',
    expiresIn: issued.expiresIn,
    refreshExpiresIn: issued.refreshExpiresIn,
    user: toUserType(issued.user),
  };
}
