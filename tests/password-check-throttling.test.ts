import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD } from './helpers/accounts.js';
import { codes, from, login, registerUser, WRONG_PASSWORD } from './helpers/hardening.js';
import { bearer, postGraphQL } from './helpers/http.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/**
 * The current password that changePassword, updateMe and deleteMe ask for is a password check
 * like a login: same budget, same locks. Otherwise a stolen access token would be a way to guess
 * the password without limit.
 */

const NEW_PASSWORD = 'copper-Kettle-58-meadow';
const CHANGE_PASSWORD = 'mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken } }';
const UPDATE_ME = 'mutation ($input: UpdateMeInput!) { updateMe(input: $input) { id } }';
const DELETE_ME = 'mutation ($currentPassword: String!) { deleteMe(currentPassword: $currentPassword) }';

describe('current-password checks under the login throttle', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: 'loopback' });
  });
  afterAll(() => server.stop());

  /** A registered user with an access token (signed in from `address`). */
  async function signedIn(prefix: string, address: string) {
    const identity = await registerUser(server.url, prefix);
    const signIn = await login(server.url, identity.username, identity.password, from(address));
    if (signIn.errors) throw new Error(JSON.stringify(signIn.errors));
    return { identity, headers: { ...bearer(signIn.data!.login.accessToken), ...from(address) } };
  }

  const changePassword = (headers: Record<string, string>, currentPassword: string) =>
    postGraphQL(server.url, CHANGE_PASSWORD, { input: { currentPassword, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD } }, headers);
  const updateMe = (headers: Record<string, string>, currentPassword: string) =>
    postGraphQL(server.url, UPDATE_ME, { input: { currentPassword } }, headers);
  const deleteMe = (headers: Record<string, string>, currentPassword: string) =>
    postGraphQL(server.url, DELETE_ME, { currentPassword }, headers);

  it('locks changePassword after 10 wrong current passwords: RATE_LIMITED with retryAfter, even for the right one', async () => {
    const { headers } = await signedIn('stolen', '198.51.100.20');
    const seen = [];
    for (let guess = 0; guess < 10; guess += 1) seen.push(...codes(await changePassword(headers, `${WRONG_PASSWORD}${guess}`)));
    expect(seen).toEqual(Array(10).fill('BAD_USER_INPUT'));

    const refused = await changePassword(headers, GOOD_PASSWORD);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.errors![0].extensions!.retryAfter).toBeGreaterThan(14 * 60);
  });

  it('counts wrong current passwords of updateMe, deleteMe and changePassword together, and towards login', async () => {
    const { identity, headers } = await signedIn('mixed', '198.51.100.21');
    const seen = [];
    for (let guess = 0; guess < 4; guess += 1) seen.push(...codes(await updateMe(headers, WRONG_PASSWORD)));
    for (let guess = 0; guess < 3; guess += 1) seen.push(...codes(await deleteMe(headers, WRONG_PASSWORD)));
    for (let guess = 0; guess < 3; guess += 1) seen.push(...codes(await changePassword(headers, WRONG_PASSWORD)));
    expect(seen).toEqual(Array(10).fill('BAD_USER_INPUT'));

    expect(codes(await login(server.url, identity.username, identity.password, from('198.51.100.21')))).toEqual(['RATE_LIMITED']);
    expect(codes(await deleteMe(headers, GOOD_PASSWORD))).toEqual(['RATE_LIMITED']);
    expect(codes(await updateMe(headers, GOOD_PASSWORD))).toEqual(['RATE_LIMITED']);
  });

  it('refuses the right current password while failed logins have the account locked', async () => {
    const { identity, headers } = await signedIn('locked', '198.51.100.22');
    for (let guess = 0; guess < 10; guess += 1) {
      expect(codes(await login(server.url, identity.username, WRONG_PASSWORD, from('198.51.100.22')))).toEqual(['UNAUTHENTICATED']);
    }
    expect(codes(await changePassword(headers, GOOD_PASSWORD))).toEqual(['RATE_LIMITED']);
  });

  it('lets only 10 of 30 concurrent guesses through changePassword be checked', async () => {
    const { headers } = await signedIn('burst', '198.51.100.23');
    const results = await Promise.all(Array.from({ length: 30 }, () => changePassword(headers, WRONG_PASSWORD)));
    const seen = results.flatMap(codes);
    expect(seen.filter((code) => code === 'BAD_USER_INPUT')).toHaveLength(10);
    expect(seen.filter((code) => code === 'RATE_LIMITED')).toHaveLength(20);
  });

  it('gives the budget back on the right password, like a successful login', async () => {
    const { headers } = await signedIn('forgetful', '198.51.100.24');
    for (let guess = 0; guess < 9; guess += 1) expect(codes(await updateMe(headers, WRONG_PASSWORD))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await updateMe(headers, GOOD_PASSWORD))).toEqual([]);
    for (let guess = 0; guess < 9; guess += 1) expect(codes(await updateMe(headers, WRONG_PASSWORD))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await updateMe(headers, GOOD_PASSWORD))).toEqual([]);
  });
});
