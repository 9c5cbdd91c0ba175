import { createHash } from 'node:crypto';
// Types only: ioredis (about 15 MB of resident memory) is loaded when REDIS_URL is set.
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError, rateLimited } from '../errors.js';
import type { Logger } from '../logger.js';
import { clientAddressKey, DEFAULT_IPV6_PREFIX } from './client-address-key.js';
import { DEFAULT_RATE_LIMITS, type RateLimitName, type RateLimitRule } from './rate-limit-defaults.js';

export { DEFAULT_RATE_LIMITS, type RateLimitName } from './rate-limit-defaults.js';

export interface RateLimitSettings {
  enabled: boolean;
  rules: Record<RateLimitName, RateLimitRule>;
  keyPrefix: string;
  /** With a URL the counters live in Redis, shared by every instance; without, in this process. */
  redisUrl?: string;
  /** IPv6 clients are counted per network of this prefix length (client-address-key.ts); default 64. */
  ipv6Prefix?: number;
}

/** A repeated account lockout doubles, up to this. */
const MAX_LOCKOUT_SECONDS = 24 * 60 * 60;
/** How long an account's earlier lockouts count towards the next one's length. */
const LOCKOUT_MEMORY_SECONDS = 24 * 60 * 60;

/** What a password check reports back once it knows whether the password was right. */
export interface LoginAttempt {
  /** The sign-in succeeded: the account's failures from this address are forgotten. */
  succeeded(): Promise<void>;
  /**
   * The check passed but the sign-in is not over (a right password, a second factor to come): the
   * reservation is given back and the failures so far stay, so that right passwords in between do
   * not reset the count of wrong codes.
   */
  released(): Promise<void>;
  /** Counts the failure; resolves to true when it locked the account (for this address). */
  failed(): Promise<boolean>;
}

const UNTHROTTLED_ATTEMPT: LoginAttempt = { succeeded: async () => {}, released: async () => {}, failed: async () => false };

const retryAfterSeconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Blocked for a whole window once over budget, not just until the window rolls. */
const BLOCKING_LIMITS: ReadonlySet<RateLimitName> = new Set(['loginAddress', 'loginAccountGlobal']);

/**
 * Brute-force and abuse throttles (rate-limiter-flexible), in memory or in Redis.
 *
 * Password checks (login, and the current password of changePassword, updateMe, deleteMe) are
 * counted three ways, each reserved BEFORE the hash is checked, so that a burst of concurrent
 * guesses cannot slip past a count; success gives the reservations back:
 * - per account and client address (`loginAccount`): the 10th failure (by default) locks the
 *   account for that address for one window, and each further lock within a day doubles. One
 *   attacker thus cannot lock the owner out: the owner, from another address, still gets in.
 * - per account from every address (`loginAccountGlobal`): a far higher ceiling, past which the
 *   account is locked for everyone, so that guessing from many addresses stays bounded too.
 * - per client address (`loginAddress`): an address is blocked only after 100 failures
 *   (DESIGN.md, "Known traps"); attempts refused because their account is locked do not count.
 * The account's key carries a stamp of its password hash (accountThrottleKey), so a new
 * password (a reset) starts with no locks.
 *
 * Every other named limit is a plain budget per key (the client address, or an account).
 */
export class RateLimits {
  private readonly limiters = new Map<RateLimitName, RateLimiterAbstract>();
  private readonly lockouts: RateLimiterAbstract;
  private readonly ipv6Prefix: number;

  private constructor(
    private readonly settings: RateLimitSettings,
    private readonly redis: Redis | undefined,
  ) {
    for (const [name, rule] of Object.entries(settings.rules) as Array<[RateLimitName, RateLimitRule]>) {
      const blockDuration = BLOCKING_LIMITS.has(name) ? rule.durationSeconds : 0;
      this.limiters.set(name, this.limiter(name, rule.points, rule.durationSeconds, blockDuration));
    }
    this.lockouts = this.limiter('loginLockouts', Number.MAX_SAFE_INTEGER, LOCKOUT_MEMORY_SECONDS, 0);
    this.ipv6Prefix = settings.ipv6Prefix ?? DEFAULT_IPV6_PREFIX;
  }

  /** No limits at all (RATE_LIMIT_ENABLED=false, and services built without configuration). */
  static disabled(): RateLimits {
    return new RateLimits({ enabled: false, rules: DEFAULT_RATE_LIMITS, keyPrefix: 'disabled' }, undefined);
  }

  /** Connects to Redis first when a URL is given; fails with one clear line when it cannot. */
  static async create(settings: RateLimitSettings, logger: Logger): Promise<RateLimits> {
    if (!settings.enabled || !settings.redisUrl) return new RateLimits(settings, undefined);
    const { Redis: RedisClient } = require('ioredis') as typeof import('ioredis');
    const redis = new RedisClient(settings.redisUrl, {
      lazyConnect: true,
      // Fail fast instead of queueing while Redis is away; the in-memory insurance limiter takes over.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 5_000,
    });
    redis.on('error', (error) => logger.warn({ err: error }, 'rate-limit store (Redis) error'));
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      throw new Error(`REDIS_URL: cannot connect to Redis (${error instanceof Error ? error.message : String(error)})`);
    }
    return new RateLimits(settings, redis);
  }

  get enabled(): boolean {
    return this.settings.enabled;
  }

  rule(name: RateLimitName): RateLimitRule {
    return this.settings.rules[name];
  }

  /** Spends one unit of the named budget for `key`; RATE_LIMITED with retryAfter once it is spent. */
  async consume(name: RateLimitName, key: string | null): Promise<void> {
    if (!this.enabled) return;
    await take(this.get(name), key ?? 'unknown');
  }

  /** The same, for a budget per client: IPv6 addresses count per network (client-address-key.ts). */
  async consumeForAddress(name: RateLimitName, address: string | null): Promise<void> {
    await this.consume(name, this.addressKey(address));
  }

  /**
   * Spends one unit like consume, but answers false instead of throwing once the budget is
   * spent: for work that must be skipped silently (a mail nobody should learn was not sent).
   */
  async allows(name: RateLimitName, key: string): Promise<boolean> {
    try {
      await this.consume(name, key);
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'RATE_LIMITED') return false;
      throw error;
    }
  }

  /**
   * Admits one password check of an account (accountThrottleKey, or unknownAccountKey when no
   * such user exists) from a client address, or throws RATE_LIMITED.
   */
  async beginLogin(accountKey: string, address: string | null): Promise<LoginAttempt> {
    if (!this.enabled) return UNTHROTTLED_ATTEMPT;
    const byAddress = this.get('loginAddress');
    const byAccountAndAddress = this.get('loginAccount');
    const byAccount = this.get('loginAccountGlobal');
    const addressKey = this.addressKey(address);
    const pairKey = `${accountKey}@${addressKey}`;
    await take(byAddress, addressKey);
    let reserved: RateLimiterRes;
    try {
      reserved = await take(byAccountAndAddress, pairKey);
    } catch (error) {
      // Refused without checking a password: not a failure of this address.
      await byAddress.reward(addressKey, 1);
      throw error;
    }
    try {
      await take(byAccount, accountKey);
    } catch (error) {
      await Promise.all([byAddress.reward(addressKey, 1), byAccountAndAddress.reward(pairKey, 1)]);
      throw error;
    }
    return {
      succeeded: async () => {
        await Promise.all([
          byAccountAndAddress.delete(pairKey),
          byAddress.reward(addressKey, 1),
          byAccount.reward(accountKey, 1),
        ]);
      },
      released: async () => {
        await Promise.all([
          byAccountAndAddress.reward(pairKey, 1),
          byAddress.reward(addressKey, 1),
          byAccount.reward(accountKey, 1),
        ]);
      },
      failed: async () => {
        // Exactly the failure that reaches the budget locks: each further one is refused before it counts.
        if (reserved.consumedPoints < this.rule('loginAccount').points) return false;
        await this.lockForAddress(pairKey);
        return true;
      },
    };
  }

  /** Closes the Redis connection, if any. */
  async close(): Promise<void> {
    if (this.redis && this.redis.status !== 'end') await this.redis.quit().catch(() => this.redis?.disconnect());
  }

  /** Locks an account for one address, for longer each time within a day. */
  private async lockForAddress(pairKey: string): Promise<void> {
    const history = await this.lockouts.penalty(pairKey, 1);
    const base = this.rule('loginAccount').durationSeconds;
    const seconds = Math.min(base * 2 ** Math.min(history.consumedPoints - 1, 20), MAX_LOCKOUT_SECONDS);
    await this.get('loginAccount').block(pairKey, Math.max(seconds, base));
  }

  private addressKey(address: string | null): string {
    return clientAddressKey(address, this.ipv6Prefix);
  }

  private get(name: RateLimitName): RateLimiterAbstract {
    const limiter = this.limiters.get(name);
    if (!limiter) throw new Error(`unknown rate limit ${name}`);
    return limiter;
  }

  private limiter(name: string, points: number, duration: number, blockDuration: number): RateLimiterAbstract {
    const options = { keyPrefix: `${this.settings.keyPrefix}:rl:${name}`, points, duration, blockDuration };
    const memory = new RateLimiterMemory(options);
    if (!this.redis) return memory;
    // If Redis fails mid-flight, each instance keeps limiting on its own rather than not at all.
    return new RateLimiterRedis({ ...options, storeClient: this.redis, insuranceLimiter: memory });
  }
}

/** Consumes one point; a refusal becomes RATE_LIMITED, a store failure propagates (masked as internal). */
async function take(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key, 1);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw rateLimited(retryAfterSeconds(rejection));
    throw rejection;
  }
}

/**
 * The throttle key of an account: its id and a digest of its security stamp (core/security-stamp.ts).
 * Every lock and count of the account is kept under this key, so that a new password
 * (resetPassword, or changePassword, which needs the current one), like any other change of the
 * stamp, lifts them all at once, on every instance, without a store operation; the stale
 * counters expire on their own.
 */
export function accountThrottleKey(userId: string, securityStamp: string): string {
  const stamp = createHash('sha256').update(`throttle:${securityStamp}`).digest('base64url').slice(0, 16);
  return `user:${userId}:${stamp}`;
}

/**
 * The throttle key of a login name that matches no user: normalised like the lookup, and hashed
 * so that neither memory dumps nor Redis hold the email addresses people typed.
 */
export function unknownAccountKey(normalisedName: string): string {
  return `unknown:${createHash('sha256').update(normalisedName).digest('base64url')}`;
}
