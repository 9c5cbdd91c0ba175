import { Field, InputType } from 'type-graphql';

@InputType('RegisterInput', { description: 'A new account.' })
export class RegisterInput {
  @Field(() => String, { description: 'Letters, digits and @ . + - _; at most 150 characters.' })
  username!: string;

  @Field(() => String, { description: 'A valid email address; unique regardless of case.' })
  email!: string;

  @Field(() => String, { description: '8 to 256 characters; not common, not all digits, not like the username or email.' })
  password!: string;

  @Field(() => String, { description: 'Must equal password.' })
  passwordConfirm!: string;
}

@InputType('LoginInput', { description: 'Credentials.' })
export class LoginInput {
  @Field(() => String, { description: 'The username or the email address.' })
  username!: string;

  @Field(() => String, { description: 'The password.' })
  password!: string;
}
