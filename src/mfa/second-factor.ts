import type { EntityManager } from '@mikro-orm/core';
import type { MfaStore } from '../db/stores/mfa-store.js';
import type { PasskeyStore } from '../db/stores/passkey-store.js';
import { AuthMethod } from '../sessions/authentication.js';
import type { SecondFactorCode } from './codes.js';
import type { MfaSecrets } from './mfa-secrets.js';
import { matchingStep } from './totp.js';

/**
 * Checking a second factor and spending it, for every flow that takes one (completeMfaLogin,
 * reauthenticate): a TOTP code is tried against each confirmed authenticator app of the account
 * and spends its time step (a replay, on any instance, is refused); a recovery code is deleted.
 * Run inside the caller's transaction, so that the code stays unspent when what it was for fails.
 */
export class SecondFactors {
  constructor(
    private readonly store: MfaStore,
    private readonly secrets: MfaSecrets,
    /** Passkeys finish a login too (startPasskeyMfa / finishPasskeyMfa, src/passkeys/). */
    private readonly passkeys?: Pick<PasskeyStore, 'countPasskeys'>,
  ) {}

  /** What a login of this account can finish with (the contract's `factors`). */
  async available(em: EntityManager, userId: string): Promise<AuthMethod[]> {
    const [factors, recoveryCodes, passkeys] = await Promise.all([
      this.store.confirmedFactors(em, userId),
      this.store.countRecoveryCodes(em, userId),
      this.passkeys?.countPasskeys(em, userId) ?? 0,
    ]);
    return [
      ...(factors.length > 0 ? [AuthMethod.TOTP] : []),
      ...(recoveryCodes > 0 ? [AuthMethod.RECOVERY_CODE] : []),
      ...(passkeys > 0 ? [AuthMethod.PASSKEY] : []),
    ];
  }

  /** The method the code proved, spent; null for a wrong, replayed or already used code. */
  async spend(tx: EntityManager, userId: string, code: SecondFactorCode, now: Date = new Date()): Promise<AuthMethod | null> {
    if (code.kind === 'recovery') {
      const used = await this.store.consumeRecoveryCode(tx, userId, this.secrets.recoveryCodeHash(userId, code.code));
      return used ? AuthMethod.RECOVERY_CODE : null;
    }
    for (const factor of await this.store.confirmedFactors(tx, userId)) {
      const secret = this.secrets.openTotpSecret(
        { iv: factor.secretIv, tag: factor.secretTag, ciphertext: factor.secretCiphertext },
        factor.id,
      );
      const step = matchingStep(secret, code.code, now.getTime());
      if (step !== null && (await this.store.useStep(tx, factor.id, step, now))) return AuthMethod.TOTP;
    }
    return null;
  }
}
