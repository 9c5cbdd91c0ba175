import { GraphQLScalarType } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import type { Passkey } from '../db/entities/index.js';
import { PLAIN_OBJECT } from '../graphql/types/plain-object.js';

/** graphql-scalars' JSONObject, as the contract declares it (its words, no @specifiedBy): the WebAuthn options and responses. */
export const JSONObject = new GraphQLScalarType({ ...GraphQLJSONObject.toConfig(), description: 'A JSON object.', specifiedByURL: undefined });

@ObjectType('Passkey', { ...PLAIN_OBJECT, description: 'A passkey of the account (WebAuthn credential; never its key material).' })
export class PasskeyObject {
  @Field(() => ID, { description: "The passkey's id (not the credential id)." })
  id!: string;

  @Field(() => String, { description: 'The name the user gave it.' })
  name!: string;

  @Field(() => Date, { description: 'When it was added.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it last signed in.' })
  lastUsedAt!: Date | null;

  @Field(() => Boolean, { description: 'Whether the credential is synced (backed up) by its provider.' })
  backedUp!: boolean;
}

@ObjectType('PasskeyChallenge', { ...PLAIN_OBJECT, description: 'A WebAuthn ceremony to run in the browser.' })
export class PasskeyChallengeObject {
  @Field(() => ID, { description: 'Names this ceremony; single-use, expires after a few minutes.' })
  challengeId!: string;

  @Field(() => JSONObject, {
    description: 'PublicKeyCredentialCreationOptionsJSON (registration) or PublicKeyCredentialRequestOptionsJSON (sign-in), for @simplewebauthn/browser.',
  })
  options!: Record<string, unknown>;
}

export function toPasskeyObject(passkey: Passkey): PasskeyObject {
  return { id: passkey.id, name: passkey.name, createdAt: passkey.createdAt, lastUsedAt: passkey.lastUsedAt, backedUp: passkey.backedUp };
}

export function toPasskeyChallengeObject(ceremony: { challengeId: string; options: object }): PasskeyChallengeObject {
  // Drop undefined members (e.g. `extensions`): the JSON the browser gets has none.
  return { challengeId: ceremony.challengeId, options: JSON.parse(JSON.stringify(ceremony.options)) as Record<string, unknown> };
}
