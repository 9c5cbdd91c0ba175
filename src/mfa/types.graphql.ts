import { Field, ID, InputType, ObjectType } from 'type-graphql';
import type { TotpFactor } from '../db/entities/index.js';
import { PLAIN_OBJECT } from '../graphql/types/plain-object.js';
import type { TotpEnrollment } from './totp-factors.js';

@ObjectType('TotpFactor', { ...PLAIN_OBJECT, description: 'An authenticator app of the account (never its secret).' })
export class TotpFactorObject {
  @Field(() => ID, { description: "The factor's id." })
  id!: string;

  @Field(() => String, { description: 'The name the user gave it.' })
  name!: string;

  @Field(() => Boolean, { description: 'False until confirmed with a code; an unconfirmed factor expires after 10 minutes.' })
  confirmed!: boolean;

  @Field(() => Date, { description: 'When it was added.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When a code of it was last accepted.' })
  lastUsedAt!: Date | null;
}

@ObjectType('TotpEnrollment', { ...PLAIN_OBJECT, description: 'A new authenticator app, to be confirmed with a code.' })
export class TotpEnrollmentObject {
  @Field(() => TotpFactorObject, { description: 'The unconfirmed factor.' })
  factor!: TotpFactorObject;

  @Field(() => String, { description: 'Base32 secret, shown once, for typing into an authenticator app.' })
  secret!: string;

  @Field(() => String, { description: 'otpauth:// URI for a QR code.' })
  otpauthUri!: string;
}

@ObjectType('RecoveryCodes', { ...PLAIN_OBJECT, description: 'Single-use codes that stand in for the authenticator app.' })
export class RecoveryCodesObject {
  @Field(() => [String], { description: 'Shown once; each works once.' })
  codes!: string[];
}

@InputType('CompleteMfaLoginInput', { description: 'The second half of a login that answered MFA_REQUIRED.' })
export class CompleteMfaLoginInput {
  @Field(() => String, { description: "The mfaToken of login's MFA_REQUIRED error." })
  mfaToken!: string;

  @Field(() => String, { description: 'A current TOTP code or an unused recovery code.' })
  code!: string;
}

@InputType('ReauthenticateInput', { description: 'What the account has: its password, and a code when it has a second factor.' })
export class ReauthenticateInput {
  @Field(() => String, { nullable: true, description: "The account's password, when it has one." })
  password?: string | null;

  @Field(() => String, { nullable: true, description: 'A TOTP code or recovery code, when the account has a second factor.' })
  code?: string | null;
}

export function toTotpFactorObject(factor: TotpFactor): TotpFactorObject {
  return {
    id: factor.id,
    name: factor.name,
    confirmed: factor.confirmedAt !== null,
    createdAt: factor.createdAt,
    lastUsedAt: factor.lastUsedAt,
  };
}

export function toTotpEnrollmentObject(enrollment: TotpEnrollment): TotpEnrollmentObject {
  return { factor: toTotpFactorObject(enrollment.factor), secret: enrollment.secret, otpauthUri: enrollment.otpauthUri };
}
