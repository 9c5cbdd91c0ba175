import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, login, WRONG_PASSWORD } from './helpers/hardening.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

/** Whether the local Redis answers; the scale-out issue runs it in CI, a laptop may not. */
const redisIsUp = () =>
  new Promise<boolean>((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.connect(6379, '127.0.0.1');
  });

describe('rate limits in Redis (REDIS_URL)', () => {
  // A prefix of its own, so that neither another run nor another engineer's test shares these counters.
  const prefix = `cloud-auth-test-${randomUUID()}`;
  let up = false;
  let first: TestServer;
  let second: TestServer;
  beforeAll(async () => {
    up = await redisIsUp();
    if (!up) return;
    const env = { REDIS_URL, RATE_LIMIT_KEY_PREFIX: prefix, RATE_LIMITS: 'loginAccount=3/15m' };
    [first, second] = await Promise.all([startTestServer(env), startTestServer(env)]);
  });
  afterAll(async () => {
    if (!up) return;
    await Promise.all([first.stop(), second.stop()]);
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('shares a lockout between two servers', async (context) => {
    if (!up) context.skip('no Redis on 127.0.0.1:6379');
    const name = `shared-${randomUUID()}`;
    for (let i = 0; i < 3; i += 1) {
      const server = i % 2 === 0 ? first : second;
      expect(codes(await login(server.url, name, WRONG_PASSWORD))).toEqual(['UNAUTHENTICATED']);
    }
    for (const server of [first, second]) {
      const refused = await login(server.url, name, WRONG_PASSWORD);
      expect(codes(refused)).toEqual(['RATE_LIMITED']);
      expect(refused.errors![0].extensions!.retryAfter).toBeGreaterThan(14 * 60);
    }
  });
});

describe('REDIS_URL that cannot be reached', () => {
  it('stops the start with one line naming REDIS_URL', async () => {
    await expect(startTestServer({ REDIS_URL: 'redis://127.0.0.1:1' })).rejects.toThrow(/^REDIS_URL: cannot connect to Redis/);
  });
});
