import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpAndLogIn } from './helpers/accounts.js';
import { auditLog } from './helpers/events.js';
import { bearer, errorCodes, postGraphQL } from './helpers/http.js';
import { eventually, fetchJwks, keyInState, kidOf, REVOKE, ROTATE, SIGNING_KEYS, signingKeys } from './helpers/keys.js';
import { signUpAdmin } from './helpers/lifecycle.js';
import { startCluster, type Cluster } from './helpers/instances.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const ME = '{ me { id } }';
const meWith = (url: string, token: string) => postGraphQL(url, ME, {}, bearer(token));

describe('signing keys (ES256, the default)', () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof signUpAdmin>>;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await signUpAdmin(server, 'keyadmin');
  });
  afterAll(() => server.stop());

  const asAdmin = (query: string, variables: Record<string, unknown> = {}) =>
    postGraphQL(server.url, query, variables, bearer(admin.tokens.accessToken));

  it('starts with one CURRENT and one STANDBY ES256 key, and signs with the CURRENT one', async () => {
    const keys = await signingKeys(server.url, admin.tokens.accessToken);
    expect(keys.map((key) => key.state).sort()).toEqual(['CURRENT', 'STANDBY']);
    expect(keys.every((key) => key.algorithm === 'ES256')).toBe(true);
    const [current] = keyInState(keys, 'CURRENT');
    expect(current.activatedAt).not.toBeNull();
    expect(keyInState(keys, 'STANDBY')[0].activatedAt).toBeNull();
    expect(kidOf(admin.tokens.accessToken)).toBe(current.kid);
  });

  it('keeps the private keys encrypted at rest, each bound to its own row', async () => {
    const rows = (await server.app.orm.em
      .getConnection()
      .execute('select kid, public_jwk, private_key_ciphertext, private_key_iv from signing_keys')) as Array<Record<string, string>>;
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      expect(JSON.parse(row.public_jwk)).not.toHaveProperty('d');
      expect(row.private_key_ciphertext).not.toMatch(/PRIVATE KEY|"d"/);
      expect(row.private_key_iv).toMatch(/^[\w-]{16}$/);
    }
    expect(new Set(rows.map((row) => row.private_key_iv)).size).toBe(rows.length);
  });

  it('lets only admins see and change keys', async () => {
    const user = await signUpAndLogIn(server.url, 'keyuser');
    for (const query of [SIGNING_KEYS, ROTATE]) {
      expect(errorCodes(await postGraphQL(server.url, query, {}, bearer(user.tokens.accessToken)))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await postGraphQL(server.url, query))).toEqual(['UNAUTHENTICATED']);
    }
    expect(errorCodes(await postGraphQL(server.url, REVOKE, { kid: 'x' }, bearer(user.tokens.accessToken)))).toEqual(['FORBIDDEN']);
  });

  it('refuses to revoke an unknown, the CURRENT or the STANDBY key, with a field error on kid', async () => {
    const keys = await signingKeys(server.url, admin.tokens.accessToken);
    const candidates = ['no-such-kid', 'x'.repeat(500), keyInState(keys, 'CURRENT')[0].kid, keyInState(keys, 'STANDBY')[0].kid];
    for (const kid of candidates) {
      const response = await asAdmin(REVOKE, { kid });
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0].extensions?.fieldErrors).toHaveProperty('kid');
    }
    expect((await signingKeys(server.url, admin.tokens.accessToken)).map((key) => key.state).sort()).toEqual(['CURRENT', 'STANDBY']);
  });

  it('rotates without signing anyone out: old tokens still work, new ones carry the new kid', async () => {
    const before = await signingKeys(server.url, admin.tokens.accessToken);
    const oldCurrent = keyInState(before, 'CURRENT')[0];
    const oldStandby = keyInState(before, 'STANDBY')[0];
    const user = await signUpAndLogIn(server.url, 'rot');

    const rotated = await asAdmin(ROTATE);
    expect(rotated.errors).toBeUndefined();
    expect(rotated.data?.rotateSigningKey).toMatchObject({ kid: oldStandby.kid, state: 'CURRENT', algorithm: 'ES256' });

    const after = await signingKeys(server.url, admin.tokens.accessToken);
    expect(keyInState(after, 'PREVIOUS').map((key) => key.kid)).toContain(oldCurrent.kid);
    expect(keyInState(after, 'CURRENT').map((key) => key.kid)).toEqual([oldStandby.kid]);
    const [newStandby] = keyInState(after, 'STANDBY');
    expect([oldCurrent.kid, oldStandby.kid]).not.toContain(newStandby.kid);

    expect((await meWith(server.url, user.tokens.accessToken)).data?.me.id).toBe(user.user.id);
    const later = await signUpAndLogIn(server.url, 'rot2');
    expect(kidOf(later.tokens.accessToken)).toBe(oldStandby.kid);
    expect((await meWith(server.url, later.tokens.accessToken)).data?.me.id).toBe(later.user.id);

    const jwks = await fetchJwks(server.origin);
    expect(jwks.keys.map((key) => key.kid).sort()).toEqual([oldCurrent.kid, oldStandby.kid, newStandby.kid].sort());
  });

  it('revokes a PREVIOUS key: its tokens fail at once, even ones that verified before, and it leaves the JWK Set', async () => {
    const user = await signUpAndLogIn(server.url, 'rev');
    expect((await meWith(server.url, user.tokens.accessToken)).data?.me.id).toBe(user.user.id);
    const signedBy = kidOf(user.tokens.accessToken)!;
    expect((await asAdmin(ROTATE)).errors).toBeUndefined();
    expect((await meWith(server.url, user.tokens.accessToken)).data?.me.id).toBe(user.user.id);

    const revoked = await asAdmin(REVOKE, { kid: signedBy });
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data?.revokeSigningKey).toMatchObject({ kid: signedBy, state: 'REVOKED' });
    expect(errorCodes(await meWith(server.url, user.tokens.accessToken))).toEqual(['UNAUTHENTICATED']);
    expect((await fetchJwks(server.origin)).keys.map((key) => key.kid)).not.toContain(signedBy);
    // Listed for 30 days, and revoking it again is refused.
    expect((await signingKeys(server.url, admin.tokens.accessToken)).find((key) => key.kid === signedBy)?.state).toBe('REVOKED');
    const again = await asAdmin(REVOKE, { kid: signedBy });
    expect(errorCodes(again)).toEqual(['BAD_USER_INPUT']);
    expect(again.errors?.[0].extensions?.fieldErrors).toHaveProperty('kid');
    // The session itself is fine: a refresh gets a token of the CURRENT key.
    const refreshed = await postGraphQL(server.url, 'mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken } }', {
      t: user.tokens.refreshToken,
    });
    expect((await meWith(server.url, refreshed.data?.refreshToken.accessToken)).data?.me.id).toBe(user.user.id);
  });

  it('records rotations and revocations without a userId, with the admin as actor', async () => {
    const events = await auditLog(server.url, admin.tokens.accessToken, { types: ['SIGNING_KEY_ROTATED', 'SIGNING_KEY_REVOKED'] });
    expect(events.filter((event) => event.type === 'SIGNING_KEY_ROTATED').length).toBeGreaterThanOrEqual(2);
    expect(events.filter((event) => event.type === 'SIGNING_KEY_REVOKED')).toHaveLength(1);
    for (const event of events) expect(event).toMatchObject({ userId: null, actorId: admin.user.id });
  });
});

describe('signing keys with JWT_ALGORITHM=RS256', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ JWT_ALGORITHM: 'RS256' });
  });
  afterAll(() => server.stop());

  it('signs with an RS256 key of at least 2048 bits, published with its public parameters only', async () => {
    const admin = await signUpAdmin(server, 'rsadmin');
    const header = JSON.parse(Buffer.from(admin.tokens.accessToken.split('.')[0], 'base64url').toString());
    expect(header).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    const jwks = await fetchJwks(server.origin);
    expect(jwks.keys).toHaveLength(2);
    for (const key of jwks.keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      expect(Buffer.from(key.n as string, 'base64url').length * 8).toBeGreaterThanOrEqual(2048);
    }
    expect((await meWith(server.url, admin.tokens.accessToken)).data?.me.id).toBe(admin.user.id);
  });
});

describe('signing keys with JWT_ALGORITHM=HS256', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ JWT_ALGORITHM: 'HS256' });
  });
  afterAll(() => server.stop());

  it('has no keys to list, rotate or revoke, and publishes an empty set', async () => {
    const admin = await signUpAdmin(server, 'hsadmin');
    expect(await signingKeys(server.url, admin.tokens.accessToken)).toEqual([]);
    const rotate = await postGraphQL(server.url, ROTATE, {}, bearer(admin.tokens.accessToken));
    expect(errorCodes(rotate)).toEqual(['BAD_USER_INPUT']);
    expect(rotate.errors?.[0].message).toMatch(/HS256/);
    const revoke = await postGraphQL(server.url, REVOKE, { kid: 'abc' }, bearer(admin.tokens.accessToken));
    expect(errorCodes(revoke)).toEqual(['BAD_USER_INPUT']);
    expect(revoke.errors?.[0].extensions?.fieldErrors).toHaveProperty('kid');
    expect(await fetchJwks(server.origin)).toEqual({ keys: [] });
  });
});

describe('signing keys across instances (SIGNING_KEYS_REFRESH=1)', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    // Three instances start at once on one empty database: exactly one generates the first keys.
    cluster = await startCluster(3, { SIGNING_KEYS_REFRESH: '1' });
  });
  afterAll(() => cluster.stop());

  const server = (index: number) => ({ url: cluster.urls[index], origin: cluster.instances[index].origin });

  it('generates one CURRENT and one STANDBY key however many instances start at once, and all of them sign with it', async () => {
    const rows = (await cluster.instances[0].orm.em.getConnection().execute('select state from signing_keys')) as Array<{ state: string }>;
    expect(rows.map((row) => row.state).sort()).toEqual(['CURRENT', 'STANDBY']);
    const kids = new Set<string | undefined>();
    for (let index = 0; index < 3; index++) kids.add(kidOf((await signUpAndLogIn(server(index).url, `c${index}`)).tokens.accessToken));
    expect(kids.size).toBe(1);
  });

  it('sees a rotation and a revocation made by another instance within SIGNING_KEYS_REFRESH', async () => {
    const adminServer = { ...server(0), app: cluster.instances[0], databaseUrl: '', dir: '', stop: async () => {} };
    const admin = await signUpAdmin(adminServer as unknown as TestServer, 'clusteradmin');
    const user = await signUpAndLogIn(server(1).url, 'spread');
    const oldKid = kidOf(user.tokens.accessToken)!;
    expect((await meWith(server(1).url, user.tokens.accessToken)).data?.me.id).toBe(user.user.id);

    const rotated = await postGraphQL(server(0).url, ROTATE, {}, bearer(admin.tokens.accessToken));
    const newKid = rotated.data?.rotateSigningKey.kid as string;
    expect(newKid).toBeTruthy();
    // Instance 1 signs with the new key within the refresh period (bounded wait).
    expect(
      await eventually(async () => kidOf((await signUpAndLogIn(server(1).url, 'after')).tokens.accessToken) === newKid, 5000),
    ).toBe(true);
    expect((await meWith(server(2).url, user.tokens.accessToken)).data?.me.id).toBe(user.user.id);

    const revoked = await postGraphQL(server(0).url, REVOKE, { kid: oldKid }, bearer(admin.tokens.accessToken));
    expect(revoked.errors).toBeUndefined();
    expect(errorCodes(await meWith(server(0).url, user.tokens.accessToken))).toEqual(['UNAUTHENTICATED']);
    for (const index of [1, 2]) {
      expect(await eventually(async () => errorCodes(await meWith(server(index).url, user.tokens.accessToken))[0] === 'UNAUTHENTICATED', 5000)).toBe(true);
    }
  });
});
