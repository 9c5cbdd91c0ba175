import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { isUuid, type AuthIdentity, type RequestMeta } from '../core/request-meta.js';
import type { TotpFactor } from '../db/entities/index.js';
import type { MfaStore } from '../db/stores/mfa-store.js';
import type { UserStore } from '../db/stores/user-store.js';
import { badUserInput } from '../errors.js';
import { SecurityEventType, type EmitEvent, type SecurityEventSink } from '../events/index.js';
import type { AccountMail } from '../mail/account-mail.js';
import { noSuchUser } from '../admin/errors.js';
import { parseTotpCode } from './codes.js';
import { factorNotFound, malformedCode, wrongCode } from './errors.js';
import { FACTOR_NAME_MAX_LENGTH, MAX_TOTP_FACTORS, PENDING_FACTOR_TTL_SECONDS } from './limits.js';
import { newRecoveryCodes, type MfaSecrets } from './mfa-secrets.js';
import type { ReauthenticationPolicy } from './reauthentication.js';
import { matchingStep, newTotpSecret, otpauthUri } from './totp.js';

export interface TotpEnrollment {
  factor: TotpFactor;
  secret: string;
  otpauthUri: string;
}

/**
 * Authenticator apps and recovery codes of one's own account, each change behind a recent proof
 * of identity (ReauthenticationPolicy), recorded and mailed: adding an app (start, then confirm
 * with a code), removing one, new recovery codes; and an admin's reset of someone's second factors.
 * `users.mfa_enabled` follows the confirmed apps in the same transaction (MfaStore.syncMfaFlag).
 */
export class TotpFactorService {
  constructor(
    private readonly store: MfaStore,
    private readonly users: UserStore,
    private readonly secrets: MfaSecrets,
    private readonly reauthentication: ReauthenticationPolicy,
    private readonly events: SecurityEventSink,
    private readonly mail: AccountMail,
    /** The issuer authenticator apps show (MFA_ISSUER, else JWT_ISSUER). */
    private readonly issuer: string,
  ) {}

  async startEnrollment(em: EntityManager, caller: AuthIdentity, name: string): Promise<TotpEnrollment> {
    const factorName = name.trim();
    if (factorName.length === 0 || factorName.length > FACTOR_NAME_MAX_LENGTH) {
      throw badUserInput({ name: [`Give the app a name of 1 to ${FACTOR_NAME_MAX_LENGTH} characters.`] });
    }
    await this.reauthentication.require(em, caller);
    const now = new Date();
    if ((await this.store.countFactors(em, caller.userId, now)) >= MAX_TOTP_FACTORS) {
      throw badUserInput({ name: [`An account has at most ${MAX_TOTP_FACTORS} authenticator apps: remove one first.`] });
    }
    const secret = newTotpSecret();
    const id = randomUUID();
    await this.store.insertPendingFactor(em, {
      id,
      userId: caller.userId,
      name: factorName,
      sealedSecret: this.secrets.sealTotpSecret(secret, id),
      createdAt: now,
      expiresAt: new Date(now.getTime() + PENDING_FACTOR_TTL_SECONDS * 1000),
    });
    const factor = (await this.store.findPendingFactor(em, caller.userId, id, now))!;
    return { factor, secret, otpauthUri: otpauthUri(secret, this.issuer, caller.user.username) };
  }

  /** Confirms with a current code; the first confirmed app turns MFA on and returns the recovery codes (else null: the account has codes already). */
  async confirmEnrollment(em: EntityManager, caller: AuthIdentity, factorId: string, code: string, meta: RequestMeta): Promise<string[] | null> {
    const totpCode = parseTotpCode(code);
    if (!totpCode) throw malformedCode();
    await this.reauthentication.require(em, caller);
    const now = new Date();
    const factor = isUuid(factorId) ? await this.store.findPendingFactor(em, caller.userId, factorId, now) : null;
    if (!factor) throw factorNotFound('factorId');
    const secret = this.secrets.openTotpSecret({ iv: factor.secretIv, tag: factor.secretTag, ciphertext: factor.secretCiphertext }, factor.id);
    const step = matchingStep(secret, totpCode, now.getTime());
    if (step === null) throw wrongCode();

    const codes = await this.events.transaction(em, async (tx, emit) => {
      if (!(await this.store.confirmFactor(tx, factor.id, step, now))) throw factorNotFound('factorId');
      const wasEnabled = caller.user.mfaEnabled;
      await this.store.syncMfaFlag(tx, caller.userId);
      if (!wasEnabled) emit({ type: SecurityEventType.MFA_ENABLED, userId: caller.userId, sessionId: caller.sessionId, meta });
      // Recovery codes come with the first authenticator app, also when a passkey turned MFA on before.
      if (wasEnabled && (await this.store.countRecoveryCodes(tx, caller.userId)) > 0) return null;
      return this.replaceRecoveryCodes(tx, caller.userId);
    });
    if (!caller.user.mfaEnabled) this.mail.secondFactorChanged(caller.user.email, caller.user.username, 'enabled');
    return codes;
  }

  /** Confirmed apps and those still waiting for their code, oldest first. */
  list(em: EntityManager, userId: string): Promise<TotpFactor[]> {
    return this.store.listFactors(em, userId, new Date());
  }

  /** Removes an app; the last confirmed one turns MFA off and deletes the recovery codes. */
  async remove(em: EntityManager, caller: AuthIdentity, factorId: string, meta: RequestMeta): Promise<void> {
    await this.reauthentication.require(em, caller);
    if (!isUuid(factorId)) throw factorNotFound();
    const disabled = await this.events.transaction(em, async (tx, emit) => {
      if (!(await this.store.deleteFactor(tx, caller.userId, factorId))) throw factorNotFound();
      return this.disableWhenNoFactorLeft(tx, caller.userId, caller.user.mfaEnabled, emit, { sessionId: caller.sessionId, meta });
    });
    if (disabled) this.mail.secondFactorChanged(caller.user.email, caller.user.username, 'disabled');
  }

  async regenerateRecoveryCodes(em: EntityManager, caller: AuthIdentity, meta: RequestMeta): Promise<string[]> {
    await this.reauthentication.require(em, caller);
    if (!caller.user.mfaEnabled) {
      throw badUserInput({}, 'Turn on two-factor authentication first: recovery codes come with the first authenticator app.');
    }
    const codes = await this.events.transaction(em, async (tx, emit) => {
      emit({ type: SecurityEventType.RECOVERY_CODES_REGENERATED, userId: caller.userId, sessionId: caller.sessionId, meta });
      return this.replaceRecoveryCodes(tx, caller.userId);
    });
    this.mail.secondFactorChanged(caller.user.email, caller.user.username, 'recovery_codes_regenerated');
    return codes;
  }

  /**
   * An admin removes every second factor of an account (a lost phone and no recovery code left),
   * with its pending logins; recorded with the admin as actor and mailed to the owner. Passkeys
   * are second factors of an account with a password and go too; an account without one keeps
   * them (they are its way in: it gets a password by a reset first).
   */
  async resetByAdmin(em: EntityManager, admin: AuthIdentity, userId: string, meta: RequestMeta): Promise<void> {
    const user = isUuid(userId) ? await this.users.findById(em, userId) : null;
    if (!user) throw noSuchUser();
    const disabled = await this.events.transaction(em, async (tx, emit) => {
      await this.store.deleteAllFactors(tx, user.id);
      if (user.passwordHash !== null) await this.store.deleteAllPasskeys(tx, user.id);
      await this.store.deleteChallengesOf(tx, user.id);
      return this.disableWhenNoFactorLeft(tx, user.id, user.mfaEnabled, emit, { actorId: admin.userId, meta });
    });
    if (disabled) this.mail.secondFactorChanged(user.email, user.username, 'reset_by_admin');
  }

  /** After a removal: with no confirmed app left, MFA is off (MFA_DISABLED) and the recovery codes go. True when it turned off. */
  private async disableWhenNoFactorLeft(
    tx: EntityManager,
    userId: string,
    wasEnabled: boolean,
    emit: EmitEvent,
    about: { sessionId?: string; actorId?: string; meta: RequestMeta },
  ): Promise<boolean> {
    if (await this.store.syncMfaFlag(tx, userId)) return false;
    await this.store.deleteRecoveryCodes(tx, userId);
    if (!wasEnabled) return false;
    emit({ type: SecurityEventType.MFA_DISABLED, userId, ...about });
    return true;
  }

  private async replaceRecoveryCodes(tx: EntityManager, userId: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    const hashes = codes.map((code) => this.secrets.recoveryCodeHash(userId, code));
    await this.store.replaceRecoveryCodes(tx, userId, hashes, new Date());
    return codes;
  }
}
