import type { EntityManager } from '@mikro-orm/core';
import type { AuthIdentity } from '../core/request-meta.js';
import { unauthenticated } from '../errors.js';
import type { SessionService } from '../sessions/sessions.js';
import { reauthenticationRequired } from './errors.js';

/**
 * The rule of sensitive changes (changePassword, updateMe of the email, deleteMe, every factor
 * and recovery-code change): this session proved who its user is within REAUTH_MAX_AGE, at the
 * level the account needs now (2 with a second factor, else 1); otherwise
 * REAUTHENTICATION_REQUIRED, and `reauthenticate` renews the proof.
 *
 * A change that checks the current password itself (`currentPassword`) counts that check as the
 * password half: for an account without a second factor it is the whole proof, so those
 * mutations work as they always did; with one, the session must have a fresh two-factor proof.
 */
export class ReauthenticationPolicy {
  constructor(
    private readonly sessions: SessionService,
    readonly maxAgeSeconds: number,
  ) {}

  async require(em: EntityManager, caller: AuthIdentity, options: { checksPassword?: boolean } = {}): Promise<void> {
    const needed = caller.user.mfaEnabled ? 2 : 1;
    if (options.checksPassword && needed === 1) return;
    const authentication = await this.sessions.authenticationOf(em, caller.userId, caller.sessionId);
    if (!authentication) throw unauthenticated();
    const age = Date.now() - authentication.authenticatedAt.getTime();
    if (authentication.assuranceLevel >= needed && age <= this.maxAgeSeconds * 1000) return;
    throw reauthenticationRequired(this.maxAgeSeconds);
  }
}
