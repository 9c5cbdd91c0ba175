import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
} from '@simplewebauthn/server';
import { isUuid, type AuthIdentity, type RequestMeta } from '../core/request-meta.js';
import { WebauthnCeremony, type Passkey } from '../db/entities/index.js';
import type { MfaStore } from '../db/stores/mfa-store.js';
import type { PasskeyStore } from '../db/stores/passkey-store.js';
import { SecurityEventType, type SecurityEventSink } from '../events/index.js';
import type { Logger } from '../logger.js';
import type { AccountMail } from '../mail/account-mail.js';
import type { ReauthenticationPolicy } from '../mfa/reauthentication.js';
import { transportsOf } from './assertions.js';
import {
  invalidChallenge,
  invalidPasskeyName,
  lastWayToSignIn,
  passkeyNotFound,
  passkeyRegisteredAlready,
  tooManyPasskeys,
  couldNotVerify,
} from './errors.js';
import { CHALLENGE_BYTES, CHALLENGE_TTL_SECONDS, MAX_PASSKEYS_PER_ACCOUNT, PASSKEY_NAME_MAX_LENGTH } from './limits.js';
import type { RelyingParty } from './relying-party.js';
import { parseRegistrationResponse } from './responses.js';

/** A ceremony handed to the browser: its options, and the id that names it when it is answered. */
export interface PasskeyCeremony<Options> {
  challengeId: string;
  options: Options;
}

/** COSE algorithms accepted for new passkeys: EdDSA, ES256, RS256 (what authenticators make). */
const SUPPORTED_ALGORITHMS = [-8, -7, -257];

export const newChallenge = (): Uint8Array<ArrayBuffer> => new Uint8Array(randomBytes(CHALLENGE_BYTES));
export const challengeExpiry = (now: Date = new Date()) => new Date(now.getTime() + CHALLENGE_TTL_SECONDS * 1000);

/** A passkey's name as given: trimmed, 1 to 64 characters; BAD_USER_INPUT on `name` otherwise. */
export function passkeyName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed.length === 0 || trimmed.length > PASSKEY_NAME_MAX_LENGTH) throw invalidPasskeyName(PASSKEY_NAME_MAX_LENGTH);
  return trimmed;
}

/**
 * One's own passkeys: adding one (a registration ceremony: options, then the authenticator's
 * answer), listing, renaming and removing them. Adding and removing need a recent proof of
 * identity (ReauthenticationPolicy), are recorded (PASSKEY_ADDED, PASSKEY_REMOVED) and mailed,
 * and keep `users.mfa_enabled` in the same transaction (a passkey is a second factor too).
 */
export class PasskeyService {
  constructor(
    private readonly store: PasskeyStore,
    private readonly mfaStore: MfaStore,
    private readonly relyingParty: RelyingParty,
    private readonly reauthentication: ReauthenticationPolicy,
    private readonly events: SecurityEventSink,
    private readonly mail: AccountMail,
    private readonly logger: Logger,
  ) {}

  list(em: EntityManager, userId: string): Promise<Passkey[]> {
    return this.store.listPasskeys(em, userId);
  }

  /**
   * Options for navigator.credentials.create: a discoverable credential preferred (so that it can
   * sign in without a username), user verification required, no attestation, the account's
   * passkeys excluded (an authenticator that has one says so instead of making another).
   */
  async startRegistration(em: EntityManager, caller: AuthIdentity, name: unknown): Promise<PasskeyCeremony<PublicKeyCredentialCreationOptionsJSON>> {
    const rp = this.relyingParty.configured();
    const givenName = passkeyName(name);
    await this.reauthentication.require(em, caller);
    const existing = await this.store.listPasskeys(em, caller.userId);
    if (existing.length >= MAX_PASSKEYS_PER_ACCOUNT) throw tooManyPasskeys(MAX_PASSKEYS_PER_ACCOUNT);
    const options = await generateRegistrationOptions({
      rpName: rp.rpName,
      rpID: rp.rpId,
      userName: caller.user.username,
      userDisplayName: caller.user.username,
      // The user handle is the account's id (no personal data), so a discoverable sign-in's
      // userHandle names the account the credential was made for.
      userID: new Uint8Array(Buffer.from(caller.userId, 'utf8')),
      challenge: newChallenge(),
      timeout: CHALLENGE_TTL_SECONDS * 1000,
      attestationType: 'none',
      excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: transportsOf(passkey) })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
    const challengeId = await this.store.insertChallenge(em, {
      ceremony: WebauthnCeremony.REGISTRATION,
      challenge: options.challenge,
      userId: caller.userId,
      name: givenName,
      expiresAt: challengeExpiry(),
    });
    return { challengeId, options };
  }

  /** Verifies the authenticator's answer to this caller's registration challenge and stores the passkey. */
  async finishRegistration(em: EntityManager, caller: AuthIdentity, challengeId: string, input: unknown, meta: RequestMeta): Promise<Passkey> {
    const rp = this.relyingParty.configured();
    const response = parseRegistrationResponse(input);
    await this.reauthentication.require(em, caller);
    const now = new Date();
    const challenge = isUuid(challengeId)
      ? await this.store.consumeChallenge(em, challengeId, { ceremony: WebauthnCeremony.REGISTRATION, userId: caller.userId }, now)
      : null;
    if (!challenge) throw invalidChallenge();

    let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verification = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge.challenge,
        expectedOrigin: this.relyingParty.expectedOrigins(response.response.clientDataJSON),
        expectedRPID: rp.rpId,
        expectedType: 'webauthn.create',
        requireUserPresence: true,
        requireUserVerification: true,
        supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
      });
    } catch (error) {
      this.logger.info(
        { event: 'passkey_refused', userId: caller.userId, reason: error instanceof Error ? error.message : String(error) },
        'a passkey registration failed verification',
      );
      throw couldNotVerify();
    }
    if (!verification.verified) throw couldNotVerify();
    const { credential, credentialBackedUp, credentialDeviceType } = verification.registrationInfo;
    if (await this.store.findByCredentialId(em, credential.id)) throw passkeyRegisteredAlready();

    const passkey = await this.events.transaction(em, async (tx, emit) => {
      await this.store.lockAccount(tx, caller.userId);
      if ((await this.store.countPasskeys(tx, caller.userId)) >= MAX_PASSKEYS_PER_ACCOUNT) throw tooManyPasskeys(MAX_PASSKEYS_PER_ACCOUNT, 'response');
      const added = await this.store.insertPasskey(tx, {
        userId: caller.userId,
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: response.response.transports ?? [],
        backedUp: credentialBackedUp,
        deviceType: credentialDeviceType,
        name: challenge.name ?? 'Passkey',
        createdAt: now,
      });
      if (!added) throw passkeyRegisteredAlready();
      const enabled = await this.mfaStore.syncMfaFlag(tx, caller.userId);
      const about = { userId: caller.userId, sessionId: caller.sessionId, meta };
      emit({ type: SecurityEventType.PASSKEY_ADDED, ...about });
      if (enabled && !caller.user.mfaEnabled) emit({ type: SecurityEventType.MFA_ENABLED, ...about });
      return added;
    });
    this.mail.passkeyChanged(caller.user.email, caller.user.username, 'added', passkey.name);
    return passkey;
  }

  async rename(em: EntityManager, caller: AuthIdentity, id: string, name: unknown): Promise<Passkey> {
    const newName = passkeyName(name);
    const renamed = isUuid(id) ? await this.store.renamePasskey(em, caller.userId, id, newName) : null;
    if (!renamed) throw passkeyNotFound();
    return renamed;
  }

  /**
   * Removes a passkey, unless it is the account's last way to sign in (no password, no other
   * passkey, no linked identity: PasskeyStore.otherSignInMethods). The account is locked for
   * the check, so that two removals at once cannot both take "the other one". The last second
   * factor gone, MFA is off (MFA_DISABLED) and the recovery codes go, as with authenticator apps.
   */
  async remove(em: EntityManager, caller: AuthIdentity, id: string, meta: RequestMeta): Promise<void> {
    await this.reauthentication.require(em, caller);
    if (!isUuid(id)) throw passkeyNotFound();
    const removed = await this.events.transaction(em, async (tx, emit) => {
      await this.store.lockAccount(tx, caller.userId);
      const passkey = await this.store.deletePasskey(tx, caller.userId, id);
      if (!passkey) throw passkeyNotFound();
      if ((await this.store.countPasskeys(tx, caller.userId)) === 0) {
        const others = await this.store.otherSignInMethods(tx, caller.userId);
        if (!others.password && others.identities === 0) throw lastWayToSignIn();
      }
      const about = { userId: caller.userId, sessionId: caller.sessionId, meta };
      emit({ type: SecurityEventType.PASSKEY_REMOVED, ...about });
      if (!(await this.mfaStore.syncMfaFlag(tx, caller.userId))) {
        await this.mfaStore.deleteRecoveryCodes(tx, caller.userId);
        if (caller.user.mfaEnabled) emit({ type: SecurityEventType.MFA_DISABLED, ...about });
      }
      return passkey;
    });
    this.mail.passkeyChanged(caller.user.email, caller.user.username, 'removed', removed.name);
  }
}
