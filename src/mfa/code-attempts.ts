import type { EntityManager } from '@mikro-orm/core';
import type { RequestMeta } from '../core/request-meta.js';
import { SecurityEventType, type SecurityEventSink } from '../events/index.js';
import { accountThrottleKey, type RateLimits } from '../limits/rate-limit.js';
import type { AuthMethod } from '../sessions/authentication.js';

/** The account a code is checked for. */
export interface CodeAccount {
  id: string;
  securityStamp: string;
}

/**
 * A second-factor code is a guess like a password: it spends the account's login budget
 * (RateLimits.beginLogin: per account and address, per account, per address), reserved before it
 * is checked, and a wrong one is recorded as SIGN_IN_FAILED (and ACCOUNT_LOCKED when it locks).
 * `check` returns the method the code proved, or null.
 */
export class CodeAttempts {
  constructor(
    private readonly rateLimits: RateLimits,
    private readonly events: SecurityEventSink,
  ) {}

  async run<T>(
    em: EntityManager,
    account: CodeAccount,
    meta: RequestMeta,
    check: () => Promise<{ method: AuthMethod; value: T } | null>,
  ): Promise<{ method: AuthMethod; value: T } | null> {
    const attempt = await this.rateLimits.beginLogin(accountThrottleKey(account.id, account.securityStamp), meta.ipAddress).catch(async (error: unknown) => {
      await this.events.record(em, { type: SecurityEventType.SIGN_IN_FAILED, userId: account.id, meta, signInFailure: 'throttled' });
      throw error;
    });
    const proved = await check();
    if (proved) {
      await attempt.succeeded();
      return proved;
    }
    const locked = await attempt.failed();
    await this.events.record(em, { type: SecurityEventType.SIGN_IN_FAILED, userId: account.id, meta, signInFailure: 'wrong_second_factor' });
    if (locked) await this.events.record(em, { type: SecurityEventType.ACCOUNT_LOCKED, userId: account.id, meta });
    return null;
  }
}
