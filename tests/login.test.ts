import { performance } from 'node:perf_hooks';
import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session, User } from '../src/db/entities/index.js';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { newIdentity } from './helpers/accounts.js';
import { postGraphQL } from './helpers/http.js';
import { LoginDocument, RegisterDocument, SessionsDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';

describe('login', () => {
  let server: TestServer;
  let client: TestClient;
  const identity = newIdentity('Login');
  beforeAll(async () => {
    server = await startTestServer();
    client = new TestClient(server.url, { 'user-agent': 'LoginTest/1.0' });
    expectData(await client.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } }));
  });
  afterAll(() => server.stop());

  const login = (username: string, password: string) => client.run(LoginDocument, { input: { username, password } });

  it('accepts the username in any case and the email in any case', async () => {
    for (const name of [identity.username, identity.username.toUpperCase(), identity.email.toUpperCase()]) {
      expect(expectData(await login(name, identity.password)).login.user.username).toBe(identity.username);
    }
  });

  it('gives an unknown user and a wrong password the very same error', async () => {
    const wrongPassword = await login(identity.username, 'not-the-password-1');
    const unknownUser = await login('nobody-by-this-name', identity.password);
    expect(codesOf(wrongPassword)).toEqual(['UNAUTHENTICATED']);
    expect(wrongPassword.errors).toEqual(unknownUser.errors);
    expect(wrongPassword.data).toBeNull();
  });

  it('takes about as long for an unknown user as for a wrong password (a dummy hash is checked)', async () => {
    const timeOf = async (username: string) => {
      const started = performance.now();
      await login(username, 'not-the-password-1');
      return performance.now() - started;
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const known: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < 7; round += 1) {
      known.push(await timeOf(identity.username));
      unknown.push(await timeOf(`ghost-${round}`));
    }
    // Both pay for one argon2 verification (~20 ms); a skipped hash would make unknown users several times faster.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it('starts a session that records the device and the client address, and sets lastLogin', async () => {
    const before = Date.now();
    const tokens = expectData(await login(identity.username, identity.password)).login;
    expect(new Date(tokens.user.lastLogin!).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const signedIn = new TestClient(server.url, { 'user-agent': 'LoginTest/1.0' });
    signedIn.accessToken = tokens.accessToken;
    const sessions = expectData(await signedIn.run(SessionsDocument)).sessions;
    const current = sessions.find((session) => session.current)!;
    expect(current).toMatchObject({ userAgent: 'LoginTest/1.0', ipAddress: expect.stringMatching(/127\.0\.0\.1/) });
  });

  it('stores the session and lastLogin it reports, so a fresh read of the database sees them', async () => {
    const tokens = expectData(await login(identity.username, identity.password)).login;
    const em = server.app.orm.em.fork();
    const user = await em.findOneOrFail(User, { username: identity.username });
    expect(user.lastLogin?.toISOString()).toBe(tokens.user.lastLogin);
    const sessions = await em.find(Session, { user: user.id }, { orderBy: { createdAt: 'desc' } });
    expect(sessions.some((session) => session.userAgent === 'LoginTest/1.0' && session.revokedAt === null)).toBe(true);
  });

  it('rehashes a password stored with weaker parameters on the next login, and the new hash works', async () => {
    const weak = newIdentity('Rehash');
    expectData(await client.run(RegisterDocument, { input: { ...weak, passwordConfirm: weak.password } }));
    const weakHash = await argon2.hash(weak.password, { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await server.app.orm.em.fork().nativeUpdate(User, { username: weak.username }, { passwordHash: weakHash });

    expectData(await login(weak.username, weak.password));
    const stored = (await server.app.orm.em.fork().findOneOrFail(User, { username: weak.username })).passwordHash;
    expect(stored).not.toBe(weakHash);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await argon2.verify(stored!, weak.password)).toBe(true);
    expectData(await login(weak.username, weak.password));
  });

  it('never echoes the password in an error', async () => {
    const response = await postGraphQL(server.url, 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }', {
      i: { username: identity.username, password: 'Secret-Guess-998877' },
    });
    expect(JSON.stringify(response)).not.toContain('Secret-Guess-998877');
  });
});
