import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../context.js';
import { AuthPayloadType } from '../types/auth-payload.type.js';
import { LoginInput } from '../types/inputs.js';
import { toTokenVerification, TokenVerificationType } from '../types/token-verification.type.js';
import { deliverTokens, usingRefreshToken } from './refresh-cookie-tokens.js';

/** Browser apps in cookie mode leave the token out (or send ""): the httpOnly cookie carries it. */
const REFRESH_TOKEN_ARG = {
  defaultValue: '',
  description: 'The refresh token. Leave it out (or send "") to use the refresh-token cookie (REFRESH_TOKEN_COOKIE=true).',
};

@Resolver()
export class TokenResolver {
  @Mutation(() => AuthPayloadType, { description: 'Exchange credentials for an access and a refresh token.' })
  async login(
    @Arg('input', () => LoginInput, { description: 'The credentials.' }) input: LoginInput,
    @Ctx() context: GraphQLContext,
  ) {
    return deliverTokens(context, await context.services.accounts.login(context.em, input, context.meta));
  }

  @Mutation(() => AuthPayloadType, {
    description: 'Rotate a refresh token: the old one stops working; reusing it revokes its whole session.',
  })
  async refreshToken(
    @Arg('refreshToken', () => String, REFRESH_TOKEN_ARG) refreshToken: string,
    @Ctx() context: GraphQLContext,
  ) {
    const issued = await usingRefreshToken(context, refreshToken, (token) =>
      context.services.sessions.rotate(context.em, token, context.meta),
    );
    return deliverTokens(context, issued);
  }

  @Mutation(() => TokenVerificationType, {
    description: "Check a token's signature, type and expiry without using it.",
  })
  async verifyToken(
    @Arg('token', () => String, { description: 'An access or a refresh token.' }) token: string,
    @Ctx() context: GraphQLContext,
  ) {
    return toTokenVerification(await context.services.sessions.inspect(context.em, token, context.meta));
  }

  @Mutation(() => Boolean, { description: 'Revoke the session of this refresh token.' })
  async logout(@Arg('refreshToken', () => String, REFRESH_TOKEN_ARG) refreshToken: string, @Ctx() context: GraphQLContext) {
    await usingRefreshToken(context, refreshToken, (token) => context.services.sessions.logout(context.em, token, context.meta), {
      clearAfterwards: true,
    });
    return true;
  }
}
