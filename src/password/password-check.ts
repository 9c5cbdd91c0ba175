import type { EntityManager } from '@mikro-orm/core';
import type { RequestMeta } from '../core/request-meta.js';
import { SecurityEventType, type SecurityEventSink } from '../events/index.js';
import { accountThrottleKey, type RateLimits } from '../limits/rate-limit.js';
import { verifyStoredPassword } from './passwords.js';

/** The account whose password a signed-in user types again. */
export interface PasswordAccount {
  id: string;
  securityStamp: string;
  passwordHash: string | null;
}

/**
 * Checks a signed-in user's password (changePassword, updateMe, deleteMe, reauthenticate) under
 * the login throttle: RATE_LIMITED while the account is locked for this address or for everyone,
 * even for the right password, so that a stolen access token is no way to guess without limit.
 * The hash always runs, also for "" and for an account without a password, so that neither is
 * told apart by time.
 */
export async function checkPasswordUnderBudget(
  em: EntityManager,
  limits: { rateLimits: RateLimits; events: SecurityEventSink },
  account: PasswordAccount,
  password: unknown,
  meta: RequestMeta,
): Promise<boolean> {
  const attempt = await limits.rateLimits.beginLogin(accountThrottleKey(account.id, account.securityStamp), meta.ipAddress);
  const right = await verifyStoredPassword(account.passwordHash, typeof password === 'string' ? password : '');
  if (right) await attempt.succeeded();
  else if (await attempt.failed()) await limits.events.record(em, { type: SecurityEventType.ACCOUNT_LOCKED, userId: account.id, meta });
  return right;
}
