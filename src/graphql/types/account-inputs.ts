import { Field, InputType } from 'type-graphql';

@InputType('ChangePasswordInput', { description: 'A password change of the signed-in user.' })
export class ChangePasswordInput {
  @Field(() => String, { description: 'The password in use now.' })
  currentPassword!: string;

  @Field(() => String, { description: 'Same rules as the password of register.' })
  newPassword!: string;

  @Field(() => String, { description: 'Must equal newPassword.' })
  newPasswordConfirm!: string;
}

@InputType('ResetPasswordInput', { description: 'A new password set with a reset token.' })
export class ResetPasswordInput {
  @Field(() => String, { description: 'The token from the password-reset email.' })
  token!: string;

  @Field(() => String, { description: 'Same rules as the password of register.' })
  newPassword!: string;

  @Field(() => String, { description: 'Must equal newPassword.' })
  newPasswordConfirm!: string;
}

@InputType('UpdateMeInput', { description: "Changes to the signed-in user's username and email." })
export class UpdateMeInput {
  @Field(() => String, { nullable: true, description: 'A new username; absent or null keeps the current one.' })
  username?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A new email address; absent or null keeps the current one. When email activation is required the account keeps its current address until the new one is confirmed with the mailed link (activateAccount).',
  })
  email?: string | null;

  @Field(() => String, { description: 'The password in use now, to confirm the change.' })
  currentPassword!: string;
}
