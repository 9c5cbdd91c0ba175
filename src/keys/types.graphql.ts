import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { SigningKeyState, type SigningKey } from '../db/entities/index.js';
import { PLAIN_OBJECT } from '../graphql/types/plain-object.js';

registerEnumType(SigningKeyState, {
  name: 'SigningKeyState',
  description: 'STANDBY (published, not yet signing) -> CURRENT (signs) -> PREVIOUS (published, verifies what it signed) -> REVOKED.',
  valuesConfig: {
    STANDBY: { description: 'Published in the JWK Set, not signing yet: the next rotation makes it CURRENT.' },
    CURRENT: { description: 'Signs every new access token.' },
    PREVIOUS: { description: 'Published; verifies the tokens it signed until they expire.' },
    REVOKED: { description: 'No longer published; the tokens it signed fail at once here.' },
  },
});

@ObjectType('SigningKey', { ...PLAIN_OBJECT, description: 'A key that signs access tokens (never its private half).' })
export class SigningKeyObject {
  @Field(() => ID, { description: 'The `kid` header of the tokens it signs.' })
  kid!: string;

  @Field(() => String, { description: 'JWS algorithm, e.g. ES256.' })
  algorithm!: string;

  @Field(() => SigningKeyState, { description: 'Where it is in its life: STANDBY, CURRENT, PREVIOUS, REVOKED.' })
  state!: SigningKeyState;

  @Field(() => Date, { description: 'When it was generated (and published, as STANDBY).' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it became CURRENT, if it ever did.' })
  activatedAt!: Date | null;
}

export const toSigningKeyObject = (key: SigningKey): SigningKeyObject => ({
  kid: key.kid,
  algorithm: key.algorithm,
  state: key.state,
  createdAt: key.createdAt,
  activatedAt: key.activatedAt,
});
