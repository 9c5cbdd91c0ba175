/**
 * The software WebAuthn authenticator of the tests and the bench (bench/software-authenticator.js:
 * plain CommonJS, so that the bench's load generator signs with the very same code).
 */
export {
  SoftwareAuthenticator,
  type AssertionKnobs,
  type AuthenticatorSettings,
  type CeremonyKnobs,
  type SoftwareCredential,
} from '../../bench/software-authenticator.js';
