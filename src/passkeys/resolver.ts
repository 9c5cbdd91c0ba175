import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { caller } from '../graphql/resolvers/caller.js';
import { deliverTokens } from '../graphql/resolvers/refresh-cookie-tokens.js';
import { AuthPayloadType } from '../graphql/types/auth-payload.type.js';
import { JSONObject, PasskeyChallengeObject, PasskeyObject, toPasskeyChallengeObject, toPasskeyObject } from './types.graphql.js';

const DEFAULT_PASSKEY_NAME = 'Passkey';

/** Passkeys: adding and managing them, signing in with one, one as the second factor (contract part `passkeys`). Access: permissions.ts. */
@Resolver()
export class PasskeyResolver {
  @Query(() => [PasskeyObject], { description: "The signed-in user's passkeys." })
  async passkeys(@Ctx() context: GraphQLContext) {
    return (await context.services.passkeys.list(context.em, caller(context).userId)).map(toPasskeyObject);
  }

  @Mutation(() => PasskeyChallengeObject, { description: 'Signed in (re-authenticated): options for navigator.credentials.create.' })
  async startPasskeyRegistration(
    @Arg('name', () => String, { nullable: true, defaultValue: DEFAULT_PASSKEY_NAME, description: 'A name to tell the passkey apart (1 to 64 characters).' })
    name: string | null,
    @Ctx() context: GraphQLContext,
  ) {
    return toPasskeyChallengeObject(await context.services.passkeys.startRegistration(context.em, caller(context), name ?? DEFAULT_PASSKEY_NAME));
  }

  @Mutation(() => PasskeyObject, { description: "Store the new passkey: the authenticator's answer (RegistrationResponseJSON) to startPasskeyRegistration." })
  async finishPasskeyRegistration(
    @Arg('challengeId', () => ID, { description: 'The challengeId of startPasskeyRegistration.' }) challengeId: string,
    @Arg('response', () => JSONObject, { description: 'RegistrationResponseJSON, as navigator.credentials.create gave it.' }) response: Record<string, unknown>,
    @Ctx() context: GraphQLContext,
  ) {
    return toPasskeyObject(await context.services.passkeys.finishRegistration(context.em, caller(context), challengeId, response, context.meta));
  }

  @Mutation(() => PasskeyObject, { description: 'Give a passkey another name.' })
  async renamePasskey(
    @Arg('id', () => ID, { description: "The passkey's id." }) id: string,
    @Arg('name', () => String, { description: 'The new name (1 to 64 characters).' }) name: string,
    @Ctx() context: GraphQLContext,
  ) {
    return toPasskeyObject(await context.services.passkeys.rename(context.em, caller(context), id, name));
  }

  @Mutation(() => Boolean, { description: "Re-authentication required; cannot remove the account's last way to sign in." })
  async removePasskey(@Arg('id', () => ID, { description: "The passkey's id." }) id: string, @Ctx() context: GraphQLContext) {
    await context.services.passkeys.remove(context.em, caller(context), id, context.meta);
    return true;
  }

  @Mutation(() => PasskeyChallengeObject, { description: 'Public: options for navigator.credentials.get; without a username, any discoverable passkey.' })
  async startPasskeySignIn(
    @Arg('username', () => String, { nullable: true, description: "The username or email, to offer that account's passkeys." }) username: string | null,
    @Ctx() context: GraphQLContext,
  ) {
    return toPasskeyChallengeObject(await context.services.passkeySignIn.start(context.em, username));
  }

  @Mutation(() => AuthPayloadType, { description: 'A signed-in session with assurance level 2 (user verification required).' })
  async finishPasskeySignIn(
    @Arg('challengeId', () => ID, { description: 'The challengeId of startPasskeySignIn.' }) challengeId: string,
    @Arg('response', () => JSONObject, { description: 'AuthenticationResponseJSON, as navigator.credentials.get gave it.' }) response: Record<string, unknown>,
    @Ctx() context: GraphQLContext,
  ) {
    return deliverTokens(context, await context.services.passkeySignIn.finish(context.em, challengeId, response, context.meta));
  }

  @Mutation(() => PasskeyChallengeObject, { description: 'For a login that answered MFA_REQUIRED with PASSKEY among its factors.' })
  async startPasskeyMfa(
    @Arg('mfaToken', () => String, { description: "The mfaToken of login's MFA_REQUIRED error." }) mfaToken: string,
    @Ctx() context: GraphQLContext,
  ) {
    return toPasskeyChallengeObject(await context.services.passkeyMfa.start(context.em, mfaToken));
  }

  @Mutation(() => AuthPayloadType, { description: 'Finish a login that answered MFA_REQUIRED with a passkey: [PASSWORD, PASSKEY], assurance level 2.' })
  async finishPasskeyMfa(
    @Arg('mfaToken', () => String, { description: "The mfaToken of login's MFA_REQUIRED error." }) mfaToken: string,
    @Arg('challengeId', () => ID, { description: 'The challengeId of startPasskeyMfa.' }) challengeId: string,
    @Arg('response', () => JSONObject, { description: 'AuthenticationResponseJSON, as navigator.credentials.get gave it.' }) response: Record<string, unknown>,
    @Ctx() context: GraphQLContext,
  ) {
    return deliverTokens(context, await context.services.passkeyMfa.finish(context.em, mfaToken, challengeId, response, context.meta));
  }
}
