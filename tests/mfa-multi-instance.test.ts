import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, signUpAndLogIn } from './helpers/accounts.js';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { onPostgres } from './helpers/database.js';
import { startCluster, type Cluster } from './helpers/instances.js';
import { awayFromStepBoundary, enableTotp, passwordHalf } from './helpers/mfa.js';
import { CompleteMfaLoginDocument } from './helpers/mfa-operations.js';
import { LoginDocument } from './helpers/operations.js';

/**
 * Two-factor sign-in behind a round-robin balancer: a pending login, the time step a code spent,
 * a recovery code and the wrong-code budgets are in PostgreSQL (and the account's login budget in
 * Redis), so that no instance can be played against another.
 */
describe.runIf(onPostgres)('two-factor sign-in across three instances on one PostgreSQL database and one Redis', () => {
  const redisUrl = 'redis://127.0.0.1:6379';
  const prefix = `cloud-auth-test-mfa-${randomUUID()}`;
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(3, { REDIS_URL: redisUrl, RATE_LIMIT_KEY_PREFIX: prefix });
  });
  afterAll(async () => {
    await cluster.stop();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  const clientOf = (index: number) => new TestClient(cluster.urls[index]);
  const complete = (index: number, mfaToken: string, code: string) =>
    clientOf(index).run(CompleteMfaLoginDocument, { input: { mfaToken, code } });

  it('finishes on another instance a login started on one, and refuses the finished mfaToken on the third', async () => {
    const { client, identity } = await signUpAndLogIn(cluster.urls[0], 'mfaspread');
    const { recoveryCodes } = await enableTotp(client);
    const { mfaToken } = await passwordHalf(clientOf(0), identity.username, GOOD_PASSWORD);
    expect(expectData(await complete(1, mfaToken, recoveryCodes[0])).completeMfaLogin.user.username).toBe(identity.username);
    const again = await complete(2, mfaToken, recoveryCodes[1]);
    expect(codesOf(again)).toEqual(['BAD_USER_INPUT']);
    expect(again.errors[0].extensions.fieldErrors).toHaveProperty('mfaToken');
  });

  it('refuses on every other instance a TOTP code accepted on one', async () => {
    const { client, identity } = await signUpAndLogIn(cluster.urls[0], 'mfareplay');
    const { app } = await enableTotp(client);
    await awayFromStepBoundary();
    const code = app.code(0);
    const first = await passwordHalf(clientOf(0), identity.username, GOOD_PASSWORD);
    expectData(await complete(0, first.mfaToken, code));
    for (const index of [1, 2]) {
      const login = await passwordHalf(clientOf(index), identity.username, GOOD_PASSWORD);
      expect(codesOf(await complete(index, login.mfaToken, code))).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('lets exactly one of three instances use one recovery code sent to all of them at once', async () => {
    const { client, identity } = await signUpAndLogIn(cluster.urls[0], 'mfarace');
    const { recoveryCodes } = await enableTotp(client);
    const logins = [];
    for (const index of [0, 1, 2]) logins.push(await passwordHalf(clientOf(index), identity.username, GOOD_PASSWORD));
    const results = await Promise.all(logins.map((login, index) => complete(index, login.mfaToken, recoveryCodes[5])));
    expect(results.filter((result) => result.data?.completeMfaLogin).length).toBe(1);
    expect(results.flatMap(codesOf)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
  });

  it('counts wrong codes of one mfaToken on every instance, and the account budget in Redis', async () => {
    const { client, identity } = await signUpAndLogIn(cluster.urls[0], 'mfabudget');
    const { recoveryCodes } = await enableTotp(client);
    const first = await passwordHalf(clientOf(0), identity.username, GOOD_PASSWORD);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(codesOf(await complete(attempt % 3, first.mfaToken, '000000'))).toEqual(['BAD_USER_INPUT']);
    }
    expect(codesOf(await complete(2, first.mfaToken, recoveryCodes[0]))).toEqual(['RATE_LIMITED']);
    const second = await passwordHalf(clientOf(1), identity.username, GOOD_PASSWORD);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(codesOf(await complete(attempt % 3, second.mfaToken, '000000'))).toEqual(['BAD_USER_INPUT']);
    }
    // Ten failures from this address, spread over three instances: locked on all of them.
    for (const index of [0, 1, 2]) {
      const locked = await clientOf(index).run(LoginDocument, { input: { username: identity.username, password: GOOD_PASSWORD } });
      expect(codesOf(locked)).toEqual(['RATE_LIMITED']);
    }
  });
});
