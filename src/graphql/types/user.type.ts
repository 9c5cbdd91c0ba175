import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PLAIN_OBJECT } from './plain-object.js';
import type { CallerProfile } from '../../core/request-meta.js';
import { Role } from '../../db/entities/index.js';

registerEnumType(Role, {
  name: 'Role',
  description: 'What a user may do: USER, or ADMIN for everything.',
  valuesConfig: {
    USER: { description: 'A regular account: itself and its own sessions.' },
    ADMIN: { description: 'An administrator: every account.' },
  },
});

// A federation entity: other subgraphs of a supergraph reference a user by id (src/federation/).
// The plain schema's printSchema drops applied directives, so schema.graphql does not show it.
@Directive('@key(fields: "id")')
@ObjectType('User', { ...PLAIN_OBJECT, description: 'An account.' })
export class UserType {
  @Field(() => ID, { description: "The account's id (a UUID)." })
  id!: string;

  @Field(() => String, { description: 'As the user chose it (Unicode NFKC); unique regardless of case.' })
  username!: string;

  @Field(() => String, { description: 'As the user typed it; unique regardless of case.' })
  email!: string;

  @Field(() => Role, { description: 'USER, or ADMIN for everything.' })
  role!: Role;

  @Field(() => Boolean, { description: 'False until the account is activated, when activation is required.' })
  isActive!: boolean;

  @Field(() => Date, { description: 'When the account was created.' })
  dateJoined!: Date;

  @Field(() => Date, { nullable: true, description: 'The last successful login; null before the first.' })
  lastLogin!: Date | null;

  @Field(() => Boolean, { description: 'True when the account has a confirmed second factor.' })
  mfaEnabled!: boolean;
}

/** Copies only the public fields, so that nothing else of the entity (its password hash) can leak. */
export function toUserType(user: CallerProfile): UserType {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    role: user.role,
    isActive: user.isActive,
    dateJoined: user.dateJoined,
    lastLogin: user.lastLogin,
    mfaEnabled: user.mfaEnabled,
  };
}
