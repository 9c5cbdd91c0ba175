import type { KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

/** How this authenticator behaves unless a call says otherwise. */
export interface AuthenticatorSettings {
  /** The page's origin the browser puts into clientDataJSON, e.g. https://app.example.test. */
  origin: string;
  /** The RP id it hashes into authenticator data (default: the options' rp.id / rpId). */
  rpId?: string;
  /** Backup eligible and backed up (a synced passkey): flags BE and BS. Default true. */
  synced?: boolean;
  /** 'increment' (a device-bound key: 1, 2, 3, ...) or 'zero' (a synced passkey reports 0 always). Default 'increment'. */
  counter?: 'increment' | 'zero';
}

/** Ways for one ceremony to go wrong (or be unusual). */
export interface CeremonyKnobs {
  origin?: string;
  rpId?: string;
  /** Default true. */
  userVerified?: boolean;
  /** Default true. */
  userPresent?: boolean;
  /** The clientDataJSON type; default the ceremony's own (webauthn.create / webauthn.get). */
  type?: string;
  /** Sign this challenge instead of the options' one. */
  challenge?: string;
}

export interface AssertionKnobs extends CeremonyKnobs {
  /** The signature counter to report this once (the authenticator's own count is left as it was). */
  counter?: number;
  /** Answer with this credential (base64url id) even if the options do not allow it. */
  credentialId?: string;
  /** The userHandle to send; null: none. Default: the user id the credential was made for. */
  userHandle?: string | null;
}

export interface SoftwareCredential {
  /** base64url */
  id: string;
  rpId: string;
  /** base64url of the options' user.id */
  userHandle: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  signCount: number;
}

/** See software-authenticator.js. */
export declare class SoftwareAuthenticator {
  readonly settings: AuthenticatorSettings;
  readonly credentials: SoftwareCredential[];
  constructor(settings: AuthenticatorSettings);
  /** navigator.credentials.create: a new discoverable ES256 credential for the options' RP and user. */
  createCredential(options: PublicKeyCredentialCreationOptionsJSON, knobs?: CeremonyKnobs): RegistrationResponseJSON;
  /** navigator.credentials.get: signs the options' challenge with a credential the options allow. */
  getAssertion(options: PublicKeyCredentialRequestOptionsJSON, knobs?: AssertionKnobs): AuthenticationResponseJSON;
  /** Another authenticator holding copies of these keys and counters: what a cloned device is. */
  clone(): SoftwareAuthenticator;
}
