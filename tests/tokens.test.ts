import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, TestClient } from './helpers/client.js';
import { signUpAndLogIn } from './helpers/accounts.js';
import { bearer, errorCodes, postGraphQL } from './helpers/http.js';
import { MeDocument, RefreshTokenDocument, VerifyTokenDocument } from './helpers/operations.js';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from './helpers/server.js';

const base64url = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

const partsOf = (token: string) => {
  const [header, payload, signature] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString()),
    signature,
  };
};

// ES256 is the default; HS256 (one service, no key table) keeps every check of its own.
describe.each(['ES256', 'HS256'] as const)('access and refresh tokens (JWT_ALGORITHM=%s)', (algorithm) => {
  let server: TestServer;
  let session: Awaited<ReturnType<typeof signUpAndLogIn>>;
  beforeAll(async () => {
    server = await startTestServer({ JWT_ALGORITHM: algorithm });
    session = await signUpAndLogIn(server.url, 'tok');
  });
  afterAll(() => server.stop());

  const meWith = (token: string) => postGraphQL(server.url, '{ me { id } }', {}, bearer(token));

  it('accepts the genuine access token', async () => {
    const response = await meWith(session.tokens.accessToken);
    expect(response.data?.me.id).toBe(session.user.id);
  });

  it('carries sub, sid, jti, iat, exp, iss, aud, role and an explicit type', () => {
    const { header, payload } = partsOf(session.tokens.accessToken);
    if (algorithm === 'HS256') expect(header).toEqual({ alg: 'HS256', typ: 'at+jwt' });
    else expect(header).toEqual({ alg: 'ES256', kid: expect.stringMatching(/^[\w-]{8,64}$/), typ: 'at+jwt' });
    expect(payload).toMatchObject({ sub: session.user.id, iss: 'cloud-auth', aud: 'cloud-auth', role: 'USER' });
    expect(payload.exp - payload.iat).toBe(300);
    expect(typeof payload.sid).toBe('string');
    expect(typeof payload.jti).toBe('string');
    // Refresh tokens are only ever read by cloud-auth: HMAC in both modes, no key id, no role.
    expect(partsOf(session.tokens.refreshToken).header).toEqual({ alg: 'HS256', typ: 'rt+jwt' });
    expect(partsOf(session.tokens.refreshToken).payload.role).toBeUndefined();
  });

  it('rejects an unsigned token with alg "none"', async () => {
    const { payload } = partsOf(session.tokens.accessToken);
    const forged = `${base64url({ alg: 'none', typ: 'at+jwt' })}.${base64url(payload)}.`;
    expect(errorCodes(await meWith(forged))).toEqual(['UNAUTHENTICATED']);
  });

  it('rejects a token signed with another secret', async () => {
    const { payload } = partsOf(session.tokens.accessToken);
    const forged = jwt.sign(payload, 'another-secret-that-is-also-32-bytes-long', { header: { alg: 'HS256', typ: 'at+jwt' } });
    expect(errorCodes(await meWith(forged))).toEqual(['UNAUTHENTICATED']);
  });

  it('rejects a token signed directly with JWT_SECRET instead of the derived access key', async () => {
    const { header, payload } = partsOf(session.tokens.accessToken);
    // With ES256 also under the genuine kid: an HMAC token never verifies with a public key.
    const forged = jwt.sign(payload, TEST_JWT_SECRET, { header: { ...header, alg: 'HS256' } });
    expect(errorCodes(await meWith(forged))).toEqual(['UNAUTHENTICATED']);
  });

  it('rejects a token whose payload was tampered with', async () => {
    const other = await signUpAndLogIn(server.url, 'victim');
    const { header, payload, signature } = partsOf(session.tokens.accessToken);
    const tampered = `${base64url(header)}.${base64url({ ...payload, sub: other.user.id })}.${signature}`;
    expect(errorCodes(await meWith(tampered))).toEqual(['UNAUTHENTICATED']);
  });

  it('rejects an HS512 token and an HMAC-of-the-right-key token with a different algorithm header', async () => {
    const [header, payload] = session.tokens.accessToken.split('.');
    const switched = `${base64url({ ...JSON.parse(Buffer.from(header, 'base64url').toString()), alg: 'HS512' })}.${payload}`;
    const signature = createHmac('sha512', 'guess').update(switched).digest('base64url');
    expect(errorCodes(await meWith(`${switched}.${signature}`))).toEqual(['UNAUTHENTICATED']);
  });

  it('rejects a refresh token used as an access token', async () => {
    expect(errorCodes(await meWith(session.tokens.refreshToken))).toEqual(['UNAUTHENTICATED']);
  });

  it('rejects an access token used as a refresh token', async () => {
    const client = new TestClient(server.url);
    const result = await client.run(RefreshTokenDocument, { refreshToken: session.tokens.accessToken });
    expect(result.errors.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('treats garbage, an empty token and a missing "Bearer" prefix as not signed in', async () => {
    for (const authorization of ['Bearer garbage', 'Bearer ', session.tokens.accessToken, 'Basic dXNlcjpwYXNz']) {
      const response = await postGraphQL(server.url, '{ me { id } }', {}, { authorization });
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
      expect(response.errors?.[0].message).toBe('Authentication required.');
    }
  });

  it('still serves public operations to a caller with a bad token', async () => {
    const response = await postGraphQL(
      server.url,
      'mutation($t: String!) { verifyToken(token: $t) { valid } }',
      { t: 'x' },
      bearer('not-a-token'),
    );
    expect(response.data?.verifyToken.valid).toBe(false);
  });

  it('verifyToken reports type, owner and expiry of a good token of each kind', async () => {
    const client = new TestClient(server.url);
    const access = expectData(await client.run(VerifyTokenDocument, { token: session.tokens.accessToken })).verifyToken;
    expect(access).toMatchObject({ valid: true, tokenType: 'ACCESS', userId: session.user.id });
    expect(new Date(access.expiresAt!).getTime()).toBe(partsOf(session.tokens.accessToken).payload.exp * 1000);
    const refresh = expectData(await client.run(VerifyTokenDocument, { token: session.tokens.refreshToken })).verifyToken;
    expect(refresh).toMatchObject({ valid: true, tokenType: 'REFRESH', userId: session.user.id });
  });

  it('verifyToken answers valid: false, never an error, for bad tokens, and does not use a refresh token', async () => {
    const client = new TestClient(server.url);
    for (const token of ['', 'abc', `${base64url({ alg: 'none' })}.${base64url({ sub: 'x' })}.`]) {
      const result = await client.run(VerifyTokenDocument, { token });
      expect(expectData(result).verifyToken).toMatchObject({ valid: false, tokenType: null, userId: null, expiresAt: null });
    }
    // Verifying a refresh token twice does not rotate or revoke it.
    const fresh = await signUpAndLogIn(server.url, 'verify');
    await client.run(VerifyTokenDocument, { token: fresh.tokens.refreshToken });
    await client.run(VerifyTokenDocument, { token: fresh.tokens.refreshToken });
    expect(expectData(await client.run(RefreshTokenDocument, { refreshToken: fresh.tokens.refreshToken })).refreshToken.user.id).toBe(
      fresh.user.id,
    );
  });
});

describe('token expiry', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ACCESS_TOKEN_TTL: '1s', REFRESH_TOKEN_TTL: '2s' });
  });
  afterAll(() => server.stop());

  it('refuses an expired access token, then an expired refresh token', async () => {
    const { tokens, client } = await signUpAndLogIn(server.url, 'expiry');
    expect(tokens.expiresIn).toBe(1);
    expect(tokens.refreshExpiresIn).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await client.run(MeDocument)).errors.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    expect(expectData(await client.run(VerifyTokenDocument, { token: tokens.accessToken })).verifyToken.valid).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const refreshed = await client.run(RefreshTokenDocument, { refreshToken: tokens.refreshToken });
    expect(refreshed.errors.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
  });
});
