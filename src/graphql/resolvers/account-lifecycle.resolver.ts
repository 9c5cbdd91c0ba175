import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../context.js';
import { ChangePasswordInput, ResetPasswordInput, UpdateMeInput } from '../types/account-inputs.js';
import { AuthPayloadType, toAuthPayload } from '../types/auth-payload.type.js';
import { toUserType, UserType } from '../types/user.type.js';
import { caller } from './caller.js';
import { deliverTokens } from './refresh-cookie-tokens.js';

/** Activation, password reset and change, profile changes and deletion. */
@Resolver()
export class AccountLifecycleResolver {
  @Mutation(() => Boolean, { description: 'Activate an account with the token from the activation email.' })
  async activateAccount(@Arg('token', () => String, { description: 'The token from the activation email.' }) token: string, @Ctx() context: GraphQLContext) {
    await context.services.activation.activate(context.em, token, context.meta);
    return true;
  }

  @Mutation(() => Boolean, {
    description: 'Send the activation email again. Always true, whether or not the address is known.',
  })
  resendActivation(@Arg('email', () => String, { description: 'The email address of the account.' }) email: string, @Ctx() context: GraphQLContext) {
    context.services.activation.resend(context.em, email);
    return true;
  }

  @Mutation(() => Boolean, {
    description: 'Email a password-reset token. Always true, whether or not the address is known.',
  })
  requestPasswordReset(@Arg('email', () => String, { description: 'The email address of the account.' }) email: string, @Ctx() context: GraphQLContext) {
    context.services.passwordReset.request(context.em, email, context.meta);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Set a new password with a reset token; every session is revoked.' })
  async resetPassword(@Arg('input', () => ResetPasswordInput, { description: 'The reset token and the new password.' }) input: ResetPasswordInput, @Ctx() context: GraphQLContext) {
    await context.services.passwordReset.reset(context.em, input, context.meta);
    return true;
  }

  @Mutation(() => AuthPayloadType, {
    description: 'Change the password; every other session is revoked and fresh tokens are returned.',
  })
  async changePassword(
    @Arg('input', () => ChangePasswordInput, { description: 'The current and the new password.' }) input: ChangePasswordInput,
    @Ctx() context: GraphQLContext,
  ) {
    return deliverTokens(context, await context.services.profile.changePassword(context.em, caller(context), input, context.meta));
  }

  @Mutation(() => UserType, { description: 'Change username and/or email; needs the current password.' })
  async updateMe(@Arg('input', () => UpdateMeInput, { description: 'What to change, and the current password.' }) input: UpdateMeInput, @Ctx() context: GraphQLContext) {
    return toUserType(await context.services.profile.updateMe(context.em, caller(context), input, context.meta));
  }

  @Mutation(() => Boolean, { description: 'Delete the signed-in account; needs the current password.' })
  async deleteMe(@Arg('currentPassword', () => String, { description: 'The password of the account, to confirm.' }) currentPassword: string, @Ctx() context: GraphQLContext) {
    await context.services.profile.deleteMe(context.em, caller(context), currentPassword, context.meta);
    return true;
  }
}
