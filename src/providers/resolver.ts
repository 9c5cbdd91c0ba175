import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { caller } from '../graphql/resolvers/caller.js';
import { deliverTokens } from '../graphql/resolvers/refresh-cookie-tokens.js';
import { AuthPayloadType } from '../graphql/types/auth-payload.type.js';
import { IdentityProviderObject, LinkedIdentityObject, toIdentityProviderObject, toLinkedIdentityObject } from './types.graphql.js';

/** Identity providers, linked identities and emailed sign-in links (contract part `providers`). Access: permissions.ts. */
@Resolver()
export class IdentityProviderResolver {
  @Query(() => [IdentityProviderObject], { description: 'Public: the configured providers.' })
  identityProviders(@Ctx() context: GraphQLContext) {
    return context.services.identityFlows.list().map(toIdentityProviderObject);
  }

  @Query(() => [LinkedIdentityObject], { description: "The signed-in user's linked identities." })
  async identities(@Ctx() context: GraphQLContext) {
    const identities = await context.services.linkedIdentities.list(context.em, caller(context).userId);
    return identities.map((identity) => toLinkedIdentityObject(identity, context.services.identityFlows.provider(identity.providerId)));
  }

  @Mutation(() => String, { description: "Public: the provider's authorization URL to send the browser to." })
  startIdentityProviderSignIn(
    @Arg('provider', () => ID, { description: "The provider's id (identityProviders)." }) provider: string,
    @Arg('redirectUri', () => String, { description: 'Where the callback sends the browser back to; one of IDENTITY_REDIRECT_URIS.' }) redirectUri: string,
    @Ctx() context: GraphQLContext,
  ) {
    return context.services.identityFlows.start(context.em, provider, redirectUri);
  }

  @Mutation(() => AuthPayloadType, {
    description: 'Exchange the single-use code from the callback redirect for tokens (a new account if none matches).',
  })
  async completeIdentityProviderSignIn(
    @Arg('code', () => String, { description: 'The `code` of the redirect\'s URL fragment.' }) code: string,
    @Ctx() context: GraphQLContext,
  ) {
    return deliverTokens(context, await context.services.identityFlows.complete(context.em, code, context.meta));
  }

  @Mutation(() => String, { description: 'Signed in (re-authenticated): the authorization URL that links a provider to this account.' })
  linkIdentityProvider(
    @Arg('provider', () => ID, { description: "The provider's id." }) provider: string,
    @Arg('redirectUri', () => String, { description: 'Where the callback sends the browser back to (`#linked=<provider>` or `#error=`).' }) redirectUri: string,
    @Ctx() context: GraphQLContext,
  ) {
    return context.services.identityFlows.startLink(context.em, caller(context), provider, redirectUri);
  }

  @Mutation(() => Boolean, { description: 'Re-authentication required; cannot remove the account\'s last way to sign in.' })
  async unlinkIdentity(@Arg('id', () => ID, { description: 'The linked identity\'s id.' }) id: string, @Ctx() context: GraphQLContext) {
    await context.services.linkedIdentities.unlink(context.em, caller(context), id, context.meta);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Email a sign-in link. Always true, whether or not the address is known.' })
  requestEmailSignIn(@Arg('email', () => String, { description: 'The email address of the account.' }) email: string, @Ctx() context: GraphQLContext) {
    context.services.emailSignIn.request(context.em, email);
    return true;
  }

  @Mutation(() => AuthPayloadType, { description: 'Sign in with the token from that link (single-use, short-lived).' })
  async completeEmailSignIn(@Arg('token', () => String, { description: 'The token from the sign-in mail.' }) token: string, @Ctx() context: GraphQLContext) {
    return deliverTokens(context, await context.services.emailSignIn.complete(context.em, token, context.meta));
  }
}
