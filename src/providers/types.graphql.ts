import { Field, ID, ObjectType } from 'type-graphql';
import type { IdentityProviderConfig } from '../config/index.js';
import type { LinkedIdentity } from '../db/entities/index.js';
import { PLAIN_OBJECT } from '../graphql/types/plain-object.js';

@ObjectType('IdentityProvider', { ...PLAIN_OBJECT, description: 'An OpenID Connect provider the operator configured (IDENTITY_PROVIDERS).' })
export class IdentityProviderObject {
  @Field(() => ID, { description: 'The provider\'s configured id, e.g. "google".' })
  id!: string;

  @Field(() => String, { description: 'Its display name.' })
  name!: string;
}

@ObjectType('LinkedIdentity', { ...PLAIN_OBJECT, description: "An identity at a provider that signs in to this account." })
export class LinkedIdentityObject {
  @Field(() => ID, { description: "The link's id (for unlinkIdentity)." })
  id!: string;

  @Field(() => IdentityProviderObject, { description: 'The provider it was linked through.' })
  provider!: IdentityProviderObject;

  @Field(() => String, { nullable: true, description: 'The email the provider gave, if any.' })
  email!: string | null;

  @Field(() => Date, { description: 'When it was linked.' })
  linkedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it last signed in.' })
  lastUsedAt!: Date | null;
}

export const toIdentityProviderObject = (provider: Pick<IdentityProviderConfig, 'id' | 'name'>): IdentityProviderObject => ({
  id: provider.id,
  name: provider.name,
});

/** A provider no longer configured keeps its id as its name. */
export function toLinkedIdentityObject(identity: LinkedIdentity, provider: IdentityProviderConfig | undefined): LinkedIdentityObject {
  return {
    id: identity.id,
    provider: toIdentityProviderObject(provider ?? { id: identity.providerId, name: identity.providerId }),
    email: identity.email,
    linkedAt: identity.linkedAt,
    lastUsedAt: identity.lastUsedAt,
  };
}
