import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../context.js';
import { AuthPayloadType, toAuthPayload } from '../types/auth-payload.type.js';
import { LoginInput } from '../types/inputs.js';
import { toTokenVerification, TokenVerificationType } from '../types/token-verification.type.js';

@Resolver()
export class TokenResolver {
  @Mutation(() => AuthPayloadType, { description: 'Exchange credentials for an access and a refresh token.' })
  async login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() context: GraphQLContext) {
    return toAuthPayload(await context.services.accounts.login(context.em, input, context.meta));
  }

  @Mutation(() => AuthPayloadType, {
    description: 'Rotate a refresh token: the old one stops working; reusing it revokes its whole session.',
  })
  async refreshToken(@Arg('refreshToken', () => String) refreshToken: string, @Ctx() context: GraphQLContext) {
    return toAuthPayload(await context.services.sessions.rotate(context.em, refreshToken));
  }

  @Mutation(() => TokenVerificationType, {
    description: "Check a token's signature, type and expiry without using it.",
  })
  async verifyToken(@Arg('token', () => String) token: string, @Ctx() context: GraphQLContext) {
    return toTokenVerification(await context.services.sessions.inspect(context.em, token));
  }

  @Mutation(() => Boolean, { description: 'Revoke the session of this refresh token.' })
  async logout(@Arg('refreshToken', () => String) refreshToken: string, @Ctx() context: GraphQLContext) {
    await context.services.sessions.logout(context.em, refreshToken);
    return true;
  }
}
