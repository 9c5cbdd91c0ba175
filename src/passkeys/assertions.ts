import { verifyAuthenticationResponse, type AuthenticationResponseJSON, type AuthenticatorTransportFuture } from '@simplewebauthn/server';
import type { Passkey } from '../db/entities/index.js';
import type { Logger } from '../logger.js';
import type { RelyingParty } from './relying-party.js';

export type AssertionCheck =
  | { ok: true; counter: number; backedUp: boolean }
  /** `cloned`: a valid signature whose counter went backwards. */
  | { ok: false; cloned: boolean };

/**
 * Checks a passkey's answer to a challenge (sign-in, second factor): type, challenge, origin, RP
 * id, user presence and verification, and the signature, by @simplewebauthn/server; then the
 * signature counter, by us, after the signature: the library compares counters before it checks
 * the signature, and a counter found going backwards must mean a real authenticator signed (a
 * cloned one), not anyone who sent an old counter with a made-up signature.
 */
export class AssertionVerifier {
  constructor(
    private readonly relyingParty: RelyingParty,
    private readonly logger: Logger,
  ) {}

  async check(passkey: Passkey, response: AuthenticationResponseJSON, expectedChallenge: string): Promise<AssertionCheck> {
    const rp = this.relyingParty.configured();
    let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      verification = await verifyAuthenticationResponse({
        response,
        expectedChallenge,
        expectedOrigin: this.relyingParty.expectedOrigins(response.response.clientDataJSON),
        expectedRPID: rp.rpId,
        expectedType: 'webauthn.get',
        requireUserVerification: true,
        credential: {
          id: passkey.credentialId,
          publicKey: Buffer.from(passkey.publicKey, 'base64url'),
          // 0: the counter is compared below, once the signature is known to be good.
          counter: 0,
          transports: transportsOf(passkey),
        },
      });
    } catch (error) {
      this.refused(passkey, error);
      return { ok: false, cloned: false };
    }
    if (!verification.verified) {
      this.refused(passkey, 'signature');
      return { ok: false, cloned: false };
    }
    const { newCounter, credentialBackedUp } = verification.authenticationInfo;
    if ((newCounter > 0 || passkey.counter > 0) && newCounter <= passkey.counter) {
      this.warnCloned(passkey, newCounter);
      return { ok: false, cloned: true };
    }
    return { ok: true, counter: newCounter, backedUp: credentialBackedUp };
  }

  /** An operator's warning: the account's passkey signed with a counter at or below the stored one. */
  warnCloned(passkey: Passkey, presented: number): void {
    this.logger.warn(
      { event: 'passkey_counter_regressed', userId: passkey.user.id, passkeyId: passkey.id, storedCounter: passkey.counter, presentedCounter: presented },
      'a passkey signed with a counter that went backwards: possibly a cloned authenticator; the sign-in was refused',
    );
  }

  private refused(passkey: Passkey, error: unknown): void {
    // The library's reason (wrong origin, RP id, no user verification, ...) helps an operator find a misconfiguration.
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.info({ event: 'passkey_refused', userId: passkey.user.id, passkeyId: passkey.id, reason }, 'a passkey response failed verification');
  }
}

export const transportsOf = (passkey: Pick<Passkey, 'transports'>): AuthenticatorTransportFuture[] =>
  passkey.transports.length > 0 ? (passkey.transports.split(',') as AuthenticatorTransportFuture[]) : [];
