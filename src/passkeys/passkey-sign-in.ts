import type { EntityManager } from '@mikro-orm/core';
import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { emailKey, usernameKey } from '../core/identity.js';
import { isUuid, profileOf, type RequestMeta } from '../core/request-meta.js';
import { WebauthnCeremony, type User } from '../db/entities/index.js';
import type { PasskeyStore } from '../db/stores/passkey-store.js';
import type { UserStore } from '../db/stores/user-store.js';
import { unauthenticated } from '../errors.js';
import { SecurityEventType, type SecurityEventSink } from '../events/index.js';
import { AuthMethod, type AuthenticationResult } from '../sessions/authentication.js';
import type { IssuedTokens, SessionService } from '../sessions/sessions.js';
import { transportsOf, type AssertionVerifier } from './assertions.js';
import type { DecoyCredentials } from './decoy-credentials.js';
import { couldNotVerify, invalidChallenge } from './errors.js';
import { CHALLENGE_TTL_SECONDS } from './limits.js';
import { challengeExpiry, newChallenge, type PasskeyCeremony } from './passkeys.js';
import type { RelyingParty } from './relying-party.js';
import { parseAuthenticationResponse } from './responses.js';

const USERNAME_MAX_LENGTH = 1024;

/**
 * Signing in with a passkey alone: the passkey proves possession and, with user verification,
 * the person (a PIN or biometric on the device), so the session is [PASSKEY] at assurance level
 * 2. Without a username any discoverable passkey may answer; with one, only that account's.
 * Every failure says only "could not verify"; an unknown username gets options that look like an
 * account's (DecoyCredentials).
 */
export class PasskeySignInService {
  constructor(
    private readonly store: PasskeyStore,
    private readonly users: UserStore,
    private readonly relyingParty: RelyingParty,
    private readonly verifier: AssertionVerifier,
    private readonly decoys: DecoyCredentials,
    private readonly sessions: SessionService,
    private readonly events: SecurityEventSink,
  ) {}

  async start(em: EntityManager, username: string | null | undefined): Promise<PasskeyCeremony<PublicKeyCredentialRequestOptionsJSON>> {
    const rp = this.relyingParty.configured();
    const named = typeof username === 'string' && username.trim().length > 0 ? username.trim().slice(0, USERNAME_MAX_LENGTH) : null;
    let userId: string | null = null;
    let allowCredentials: Array<{ id: string; transports: ReturnType<typeof transportsOf> }> = [];
    if (named !== null) {
      userId = await this.findAccountId(em, named);
      const passkeys = userId ? await this.store.listPasskeys(em, userId) : [];
      allowCredentials =
        passkeys.length > 0
          ? passkeys.map((passkey) => ({ id: passkey.credentialId, transports: transportsOf(passkey) }))
          : this.decoys.for(usernameKey(named));
    }
    const options = await generateAuthenticationOptions({
      rpID: rp.rpId,
      allowCredentials,
      challenge: newChallenge(),
      timeout: CHALLENGE_TTL_SECONDS * 1000,
      userVerification: 'required',
    });
    const challengeId = await this.store.insertChallenge(em, {
      ceremony: WebauthnCeremony.SIGN_IN,
      challenge: options.challenge,
      userId,
      discoverable: named === null,
      expiresAt: challengeExpiry(),
    });
    return { challengeId, options };
  }

  async finish(em: EntityManager, challengeId: string, input: unknown, meta: RequestMeta): Promise<IssuedTokens> {
    this.relyingParty.configured(); // FORBIDDEN (PASSKEYS_NOT_CONFIGURED) when passkeys are off
    const response = parseAuthenticationResponse(input);
    const now = new Date();
    const challenge = isUuid(challengeId) ? await this.store.consumeChallenge(em, challengeId, { ceremony: WebauthnCeremony.SIGN_IN }, now) : null;
    if (!challenge) throw invalidChallenge();

    const passkey = await this.store.findByCredentialId(em, response.id);
    const ownerId = passkey?.user.id ?? null;
    // A username's sign-in takes only that account's passkeys; a discoverable one, any account's
    // whose user handle (the account id, passkeys.ts) matches when the authenticator sends it.
    const belongs =
      passkey !== null &&
      (challenge.discoverable ? handleMatches(response.response.userHandle, ownerId!) : ownerId === challenge.userId);
    if (!passkey || !belongs) return this.fail(em, challenge.userId, meta, 'passkey_not_verified');

    const user = passkey.user.getEntity();
    const checked = await this.verifier.check(passkey, response, challenge.challenge);
    if (!checked.ok) return this.fail(em, user.id, meta, checked.cloned ? 'cloned_authenticator' : 'passkey_not_verified');
    if (!user.isActive) {
      await this.events.record(em, { type: SecurityEventType.SIGN_IN_FAILED, userId: user.id, meta, signInFailure: 'inactive' });
      throw unauthenticated('This account is not active yet.', { reason: 'ACCOUNT_NOT_ACTIVE' });
    }

    const tokens = await this.events.transaction(em, async (tx) => {
      // Of two uses reporting counters out of order (here or on another instance), the lower loses.
      if (!(await this.store.advanceCounter(tx, passkey.id, { counter: checked.counter, backedUp: checked.backedUp, now }))) return null;
      return this.startSession(tx, user, meta);
    });
    if (!tokens) {
      this.verifier.warnCloned(passkey, checked.counter);
      return this.fail(em, user.id, meta, 'cloned_authenticator');
    }
    return tokens;
  }

  private async fail(em: EntityManager, userId: string | null, meta: RequestMeta, signInFailure: 'passkey_not_verified' | 'cloned_authenticator'): Promise<never> {
    await this.events.record(em, { type: SecurityEventType.SIGN_IN_FAILED, userId, meta, signInFailure });
    throw couldNotVerify();
  }

  private startSession(tx: EntityManager, user: User, meta: RequestMeta): Promise<IssuedTokens> {
    const authentication: AuthenticationResult = {
      userId: user.id,
      methods: [AuthMethod.PASSKEY],
      assuranceLevel: 2,
      authenticatedAt: new Date(),
    };
    const profile = profileOf(user, authentication.authenticatedAt);
    const lastLogin = this.users.signInWrite(tx, user.id, { lastLogin: authentication.authenticatedAt });
    return this.sessions.start(tx, authentication, profile, meta, lastLogin);
  }

  /** As login reads a name: with "@" an email first, then a username. */
  private async findAccountId(em: EntityManager, identifier: string): Promise<string | null> {
    if (identifier.includes('@')) {
      const byEmail = await this.users.findLoginAccount(em, 'emailKey', emailKey(identifier));
      if (byEmail) return byEmail.id;
    }
    return (await this.users.findLoginAccount(em, 'usernameKey', usernameKey(identifier)))?.id ?? null;
  }
}

/** The authenticator's user handle, when it gave one, is the base64url of the account id it was made for. */
function handleMatches(userHandle: string | undefined, userId: string): boolean {
  return userHandle === undefined || userHandle === Buffer.from(userId, 'utf8').toString('base64url');
}
