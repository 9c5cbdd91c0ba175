import type { EntityManager } from '@mikro-orm/core';
import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { isUuid, type RequestMeta } from '../core/request-meta.js';
import { WebauthnCeremony } from '../db/entities/index.js';
import type { MfaStore } from '../db/stores/mfa-store.js';
import type { PasskeyStore } from '../db/stores/passkey-store.js';
import { SecurityEventType, type SecurityEventSink } from '../events/index.js';
import type { CodeAttempts } from '../mfa/code-attempts.js';
import { invalidMfaToken } from '../mfa/errors.js';
import type { MfaLoginService } from '../mfa/mfa-login.js';
import { AuthMethod } from '../sessions/authentication.js';
import type { IssuedTokens } from '../sessions/sessions.js';
import { transportsOf, type AssertionVerifier } from './assertions.js';
import { couldNotVerify, invalidChallenge, noPasskeyForLogin } from './errors.js';
import { CHALLENGE_TTL_SECONDS } from './limits.js';
import { challengeExpiry, newChallenge, type PasskeyCeremony } from './passkeys.js';
import type { RelyingParty } from './relying-party.js';
import { parseAuthenticationResponse } from './responses.js';

/**
 * A passkey as the second factor of a login that answered MFA_REQUIRED (PASSKEY among its
 * factors). The rules are completeMfaLogin's (MfaLoginService): the pending login must be live
 * and its account unchanged; a failed answer spends the account's login budget, is recorded
 * (SIGN_IN_FAILED) and counts against the mfaToken; the mfaToken is spent in the transaction of
 * the session it starts, [PASSWORD, PASSKEY] at assurance level 2.
 */
export class PasskeyMfaService {
  constructor(
    private readonly store: PasskeyStore,
    private readonly mfaStore: MfaStore,
    private readonly mfaLogin: MfaLoginService,
    private readonly attempts: CodeAttempts,
    private readonly relyingParty: RelyingParty,
    private readonly verifier: AssertionVerifier,
    private readonly events: SecurityEventSink,
  ) {}

  async start(em: EntityManager, mfaToken: string): Promise<PasskeyCeremony<PublicKeyCredentialRequestOptionsJSON>> {
    const rp = this.relyingParty.configured();
    const { challenge: pending, user } = await this.mfaLogin.pendingLogin(em, mfaToken);
    const passkeys = await this.store.listPasskeys(em, user.id);
    if (passkeys.length === 0) throw noPasskeyForLogin();
    const options = await generateAuthenticationOptions({
      rpID: rp.rpId,
      allowCredentials: passkeys.map((passkey) => ({ id: passkey.credentialId, transports: transportsOf(passkey) })),
      challenge: newChallenge(),
      timeout: CHALLENGE_TTL_SECONDS * 1000,
      userVerification: 'required',
    });
    const challengeId = await this.store.insertChallenge(em, {
      ceremony: WebauthnCeremony.MFA,
      challenge: options.challenge,
      userId: user.id,
      mfaChallengeId: pending.id,
      expiresAt: challengeExpiry(),
    });
    return { challengeId, options };
  }

  async finish(em: EntityManager, mfaToken: string, challengeId: string, input: unknown, meta: RequestMeta): Promise<IssuedTokens> {
    this.relyingParty.configured(); // FORBIDDEN (PASSKEYS_NOT_CONFIGURED) when passkeys are off
    const response = parseAuthenticationResponse(input);
    const now = new Date();
    const { challenge: pending, user } = await this.mfaLogin.pendingLogin(em, mfaToken, now);
    // Only a challenge of this very pending login: another's, or a sign-in's, is not found (and not spent).
    const challenge = isUuid(challengeId)
      ? await this.store.consumeChallenge(em, challengeId, { ceremony: WebauthnCeremony.MFA, mfaChallengeId: pending.id }, now)
      : null;
    if (!challenge) throw invalidChallenge();
    const found = await this.store.findByCredentialId(em, response.id);
    const passkey = found && found.user.id === user.id ? found : null;

    let cloned = false;
    const proved = await this.attempts.run(em, user, meta, async () => {
      if (!passkey) return null;
      const checked = await this.verifier.check(passkey, response, challenge.challenge);
      if (!checked.ok) {
        cloned = checked.cloned;
        return null;
      }
      return this.events.transaction(em, async (tx) => {
        if (!(await this.store.advanceCounter(tx, passkey.id, { counter: checked.counter, backedUp: checked.backedUp, now }))) {
          this.verifier.warnCloned(passkey, checked.counter);
          cloned = true;
          return null;
        }
        // Spent together with the session: of two finishes of one mfaToken exactly one gets tokens.
        if (!(await this.mfaStore.consumeChallenge(tx, pending.id))) throw invalidMfaToken();
        return { method: AuthMethod.PASSKEY, value: await this.mfaLogin.startSession(tx, user, [pending.firstMethod, AuthMethod.PASSKEY], meta) };
      });
    });
    if (!proved) {
      if (cloned) await this.recordCloned(em, user.id, meta);
      await this.mfaLogin.countWrongFactor(em, pending.id);
      throw couldNotVerify();
    }
    return proved.value;
  }

  private recordCloned(em: EntityManager, userId: string, meta: RequestMeta): Promise<void> {
    return this.events.record(em, { type: SecurityEventType.SIGN_IN_FAILED, userId, meta, signInFailure: 'cloned_authenticator' });
  }
}
