import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Role, type User } from '../../db/entities/index.js';

registerEnumType(Role, { name: 'Role', description: 'What a user may do: USER, or ADMIN for everything.' });

@ObjectType('User', { description: 'An account.' })
export class UserType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'As the user chose it (Unicode NFKC); unique regardless of case.' })
  username!: string;

  @Field(() => String, { description: 'As the user typed it; unique regardless of case.' })
  email!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => Boolean, { description: 'False until the account is activated, when activation is required.' })
  isActive!: boolean;

  @Field(() => Date)
  dateJoined!: Date;

  @Field(() => Date, { nullable: true })
  lastLogin!: Date | null;
}

/** Copies only the public fields, so that nothing else of the entity (its password hash) can leak. */
export function toUserType(user: User): UserType {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    role: user.role,
    isActive: user.isActive,
    dateJoined: user.dateJoined,
    lastLogin: user.lastLogin,
  };
}
