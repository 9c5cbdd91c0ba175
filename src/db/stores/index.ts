import { IdentityStore } from './identity-store.js';
import { MfaStore } from './mfa-store.js';
import { OneTimeTokenStore } from './one-time-token-store.js';
import { PasskeyStore } from './passkey-store.js';
import { SessionStore } from './session-store.js';
import { SigningKeyStore } from './signing-key-store.js';
import { UserStore } from './user-store.js';

/** One store per table; the services get theirs at construction (services.ts). */
export interface Stores {
  users: UserStore;
  sessions: SessionStore;
  oneTimeTokens: OneTimeTokenStore;
  signingKeys: SigningKeyStore;
  mfa: MfaStore;
  passkeys: PasskeyStore;
  identities: IdentityStore;
}

export function createStores(): Stores {
  return {
    users: new UserStore(),
    sessions: new SessionStore(),
    oneTimeTokens: new OneTimeTokenStore(),
    signingKeys: new SigningKeyStore(),
    mfa: new MfaStore(),
    passkeys: new PasskeyStore(),
    identities: new IdentityStore(),
  };
}

export { IdentityStore, MfaStore, OneTimeTokenStore, PasskeyStore, SessionStore, SigningKeyStore, UserStore };
