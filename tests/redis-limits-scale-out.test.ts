import { randomUUID } from 'node:crypto';
import { createServer, Socket, type Server } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD } from './helpers/accounts.js';
import { onPostgres } from './helpers/database.js';
import { codes, login, registerUser, WRONG_PASSWORD } from './helpers/hardening.js';
import { startCluster, type Cluster } from './helpers/instances.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

async function deleteKeys(prefix: string) {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}

// Several instances share one database only on PostgreSQL; their limits are shared through Redis.
describe.runIf(onPostgres)('login lockout across three instances sharing one Redis', () => {
  const prefix = `cloud-auth-test-${randomUUID()}`;
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(3, { REDIS_URL, RATE_LIMIT_KEY_PREFIX: prefix });
  });
  afterAll(async () => {
    await cluster.stop();
    await deleteKeys(prefix);
  });

  it('locks the account on every instance once 10 failures were spread over all of them', async () => {
    const victim = await registerUser(cluster.urls[0], 'spread');
    const bystander = await registerUser(cluster.urls[0], 'bystander');
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect(codes(await login(cluster.next(), victim.username, WRONG_PASSWORD))).toEqual(['UNAUTHENTICATED']);
    }
    for (const url of cluster.urls) {
      const refused = await login(url, victim.username, GOOD_PASSWORD);
      expect(codes(refused)).toEqual(['RATE_LIMITED']);
      expect(refused.errors![0].extensions!.retryAfter).toBeGreaterThan(14 * 60);
      expect(codes(await login(url, bystander.username, GOOD_PASSWORD))).toEqual([]);
    }
  });
});

/** A TCP relay to the real Redis that the test can cut, as a network failure would. */
async function startRelay(): Promise<{ url: string; cut(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const relay: Server = createServer((client) => {
    const upstream = new Socket();
    upstream.connect(6379, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const { port } = relay.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    cut() {
      relay.close();
      for (const socket of sockets) socket.destroy();
    },
    close: () => new Promise((resolve) => relay.close(() => resolve())),
  };
}

describe('Redis that goes away while the server runs', () => {
  const prefix = `cloud-auth-test-${randomUUID()}`;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let server: TestServer;
  beforeAll(async () => {
    relay = await startRelay();
    server = await startTestServer({ REDIS_URL: relay.url, RATE_LIMIT_KEY_PREFIX: prefix });
  });
  afterAll(async () => {
    await server.stop();
    await relay.close().catch(() => {});
    await deleteKeys(prefix);
  });

  it('keeps login working, and still limits it in memory, once Redis is unreachable', async () => {
    const user = await registerUser(server.url, 'outage');
    expect(codes(await login(server.url, user.username, GOOD_PASSWORD))).toEqual([]);

    relay.cut();

    const started = Date.now();
    expect(codes(await login(server.url, user.username, GOOD_PASSWORD))).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5_000);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect(codes(await login(server.url, user.username, WRONG_PASSWORD))).toEqual(['UNAUTHENTICATED']);
    }
    expect(codes(await login(server.url, user.username, GOOD_PASSWORD))).toEqual(['RATE_LIMITED']);
  });
});
