import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { caller } from '../graphql/resolvers/caller.js';
import { deliverTokens } from '../graphql/resolvers/refresh-cookie-tokens.js';
import { AuthPayloadType } from '../graphql/types/auth-payload.type.js';
import {
  CompleteMfaLoginInput,
  ReauthenticateInput,
  RecoveryCodesObject,
  toTotpEnrollmentObject,
  toTotpFactorObject,
  TotpEnrollmentObject,
  TotpFactorObject,
} from './types.graphql.js';

const DEFAULT_FACTOR_NAME = 'Authenticator';

/** Authenticator apps, recovery codes, the second half of login, re-authentication (contract part `mfa`). Access: permissions.ts. */
@Resolver()
export class MfaResolver {
  @Query(() => [TotpFactorObject], { description: "The signed-in user's TOTP factors." })
  async totpFactors(@Ctx() context: GraphQLContext) {
    return (await context.services.totpFactors.list(context.em, caller(context).userId)).map(toTotpFactorObject);
  }

  @Mutation(() => TotpEnrollmentObject, { description: 'Start adding an authenticator app; it works once confirmed with a code.' })
  async startTotpEnrollment(
    @Arg('name', () => String, { nullable: true, defaultValue: DEFAULT_FACTOR_NAME, description: 'A name to tell the app apart (1 to 64 characters).' })
    name: string | null,
    @Ctx() context: GraphQLContext,
  ) {
    const enrollment = await context.services.totpFactors.startEnrollment(context.em, caller(context), name ?? DEFAULT_FACTOR_NAME);
    return toTotpEnrollmentObject(enrollment);
  }

  @Mutation(() => RecoveryCodesObject, {
    nullable: true,
    description: 'Confirm with a current code. The first confirmed factor turns MFA on and returns recovery codes (else null).',
  })
  async confirmTotpEnrollment(
    @Arg('factorId', () => ID, { description: 'The factor startTotpEnrollment returned.' }) factorId: string,
    @Arg('code', () => String, { description: 'The 6-digit code the app shows now.' }) code: string,
    @Ctx() context: GraphQLContext,
  ) {
    const codes = await context.services.totpFactors.confirmEnrollment(context.em, caller(context), factorId, code, context.meta);
    return codes ? { codes } : null;
  }

  @Mutation(() => Boolean, { description: 'Remove a factor; removing the last one turns MFA off and deletes the recovery codes.' })
  async removeTotpFactor(@Arg('id', () => ID, { description: "The factor's id." }) id: string, @Ctx() context: GraphQLContext) {
    await context.services.totpFactors.remove(context.em, caller(context), id, context.meta);
    return true;
  }

  @Mutation(() => RecoveryCodesObject, { description: 'Replace all recovery codes.' })
  async regenerateRecoveryCodes(@Ctx() context: GraphQLContext) {
    return { codes: await context.services.totpFactors.regenerateRecoveryCodes(context.em, caller(context), context.meta) };
  }

  @Mutation(() => AuthPayloadType, { description: 'Finish a login that answered MFA_REQUIRED.' })
  async completeMfaLogin(@Arg('input', () => CompleteMfaLoginInput, { description: 'The mfaToken and a code.' }) input: CompleteMfaLoginInput, @Ctx() context: GraphQLContext) {
    return deliverTokens(context, await context.services.mfaLogin.complete(context.em, input, context.meta));
  }

  @Mutation(() => AuthPayloadType, {
    description: 'Prove identity again in this session (what the account has: password, second factor); fresh tokens.',
  })
  async reauthenticate(@Arg('input', () => ReauthenticateInput, { description: 'The password and/or a code.' }) input: ReauthenticateInput, @Ctx() context: GraphQLContext) {
    return deliverTokens(context, await context.services.reauthentication.reauthenticate(context.em, caller(context), input, context.meta));
  }

  @Mutation(() => Boolean, {
    description: "Admins only: remove every second factor (apps, recovery codes) of an account, e.g. after a lost phone; recorded and mailed to the owner.",
  })
  async resetUserMfa(@Arg('id', () => ID, { description: "The account's id." }) id: string, @Ctx() context: GraphQLContext) {
    await context.services.totpFactors.resetByAdmin(context.em, caller(context), id, context.meta);
    return true;
  }
}
