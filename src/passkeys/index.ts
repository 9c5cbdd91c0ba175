export { PasskeyResolver } from './resolver.js';
export { PasskeyService } from './passkeys.js';
export { PasskeySignInService } from './passkey-sign-in.js';
export { PasskeyMfaService } from './passkey-mfa.js';
export { AssertionVerifier } from './assertions.js';
export { DecoyCredentials } from './decoy-credentials.js';
export { RelyingParty } from './relying-party.js';
