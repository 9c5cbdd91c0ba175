import { createHmac, createPublicKey, generateKeyPairSync, hkdfSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpAndLogIn } from './helpers/accounts.js';
import { bearer, errorCodes, postGraphQL } from './helpers/http.js';
import { fetchJwks, kidOf } from './helpers/keys.js';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from './helpers/server.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
/** The HS256 access key an HS256 deployment would use (tokens.ts): what a confused verifier might accept. */
const derivedAccessKey = Buffer.from(hkdfSync('sha256', TEST_JWT_SECRET, 'cloud-auth', 'cloud-auth access token v1', 32));

async function expectRefused(server: TestServer, token: string) {
  const me = await postGraphQL(server.url, '{ me { id } }', {}, bearer(token));
  expect(me.data ?? null).toBeNull();
  expect(errorCodes(me)).toEqual(['UNAUTHENTICATED']);
  const check = await postGraphQL(server.url, 'mutation ($t: String!) { verifyToken(token: $t) { valid } }', { t: token });
  expect(check.data?.verifyToken.valid).toBe(false);
}

describe('forged and confused access tokens under ES256', () => {
  let server: TestServer;
  let genuine: string;
  let kid: string;
  let claims: Record<string, unknown>;
  beforeAll(async () => {
    server = await startTestServer();
    genuine = (await signUpAndLogIn(server.url, 'forge')).tokens.accessToken;
    kid = kidOf(genuine)!;
    claims = payloadOf(genuine);
  });
  afterAll(() => server.stop());

  it('accepts the genuine token (the forgeries below differ from it in one way each)', async () => {
    expect((await postGraphQL(server.url, '{ me { id } }', {}, bearer(genuine))).data?.me.id).toBe(claims.sub);
  });

  it('refuses a token whose kid names no key, even when properly signed by that unknown key', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await expectRefused(server, jwt.sign(claims, privateKey, { algorithm: 'ES256', header: { alg: 'ES256', kid: 'no-such-kid', typ: 'at+jwt' } }));
    await expectRefused(server, jwt.sign(claims, privateKey, { algorithm: 'ES256', header: { alg: 'ES256', typ: 'at+jwt' } }));
  });

  it("refuses another ES256 key's signature under our kid", async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await expectRefused(server, jwt.sign(claims, privateKey, { algorithm: 'ES256', header: { alg: 'ES256', kid, typ: 'at+jwt' } }));
  });

  it('refuses alg "none" under our kid', async () => {
    await expectRefused(server, `${b64({ alg: 'none', kid, typ: 'at+jwt' })}.${b64(claims)}.`);
  });

  it('refuses HS256 signed with the key derived from JWT_SECRET, or with JWT_SECRET itself', async () => {
    for (const secret of [derivedAccessKey, Buffer.from(TEST_JWT_SECRET)]) {
      await expectRefused(server, jwt.sign(claims, secret, { algorithm: 'HS256', header: { alg: 'HS256', kid, typ: 'at+jwt' } }));
    }
  });

  it('refuses HS256 with our published public key as the HMAC secret (the key-confusion attack)', async () => {
    const published = (await fetchJwks(server.origin)).keys.find((key) => key.kid === kid)!;
    const pem = createPublicKey({ key: published as never, format: 'jwk' }).export({ format: 'pem', type: 'spki' }).toString();
    for (const secret of [pem, JSON.stringify(published)]) {
      const header = b64({ alg: 'HS256', kid, typ: 'at+jwt' });
      const body = b64(claims);
      const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
      await expectRefused(server, `${header}.${body}.${signature}`);
    }
  });

  it('refuses RS256 under our kid', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expectRefused(server, jwt.sign(claims, privateKey, { algorithm: 'RS256', header: { alg: 'RS256', kid, typ: 'at+jwt' } }));
  });

  it('refuses headers whose kid is not a short string, and headers that are not JSON, without a 500', async () => {
    const [, body, signature] = genuine.split('.');
    for (const header of [
      b64({ alg: 'ES256', kid: 42, typ: 'at+jwt' }),
      b64({ alg: 'ES256', kid: { $ne: null }, typ: 'at+jwt' }),
      b64({ alg: 'ES256', kid: 'k'.repeat(300), typ: 'at+jwt' }),
      b64({ alg: 'ES256', kid: '__proto__', typ: 'at+jwt' }),
      Buffer.from('{"alg":"ES256","kid":').toString('base64url'),
      '%%%',
    ]) {
      await expectRefused(server, `${header}.${body}.${signature}`);
    }
  });
});

describe('an ES256 token under HS256', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ JWT_ALGORITHM: 'HS256' });
  });
  afterAll(() => server.stop());

  it('is refused: the algorithm is pinned to HS256', async () => {
    const genuine = (await signUpAndLogIn(server.url, 'hsforge')).tokens.accessToken;
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const claims = payloadOf(genuine);
    await expectRefused(server, jwt.sign(claims, privateKey, { algorithm: 'ES256', header: { alg: 'ES256', typ: 'at+jwt' } }));
    await expectRefused(server, jwt.sign(claims, privateKey, { algorithm: 'ES256', header: { alg: 'ES256', kid: 'any', typ: 'at+jwt' } }));
  });
});
