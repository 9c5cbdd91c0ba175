import { Field, InputType } from 'type-graphql';

@InputType('RegisterInput')
export class RegisterInput {
  @Field(() => String, { description: 'Letters, digits and @ . + - _; at most 150 characters.' })
  username!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String, { description: '8 to 256 characters; not common, not all digits, not like the username or email.' })
  password!: string;

  @Field(() => String, { description: 'Must equal password.' })
  passwordConfirm!: string;
}

@InputType('LoginInput')
export class LoginInput {
  @Field(() => String, { description: 'The username or the email address.' })
  username!: string;

  @Field(() => String)
  password!: string;
}
