import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.js';
import { postGraphQL } from './helpers/http.js';
import { codes, from, login, REGISTER, registerUser, WRONG_PASSWORD } from './helpers/hardening.js';
import { newIdentity } from './helpers/accounts.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { startSmtpServer, tokenOf, type TestSmtpServer } from './helpers/smtp.js';

const LOCKOUT_WINDOW_SECONDS = 15 * 60;
const NEW_PASSWORD = 'amber-Harbour-62-lantern';
const REQUEST_RESET = 'mutation ($email: String!) { requestPasswordReset(email: $email) }';
const RESET = 'mutation ($input: ResetPasswordInput!) { resetPassword(input: $input) }';

/** `count` wrong passwords in a row; returns the codes seen. */
async function failLogins(url: string, username: string, count: number, headers: Record<string, string> = {}) {
  const seen: unknown[] = [];
  for (let i = 0; i < count; i += 1) seen.push(...codes(await login(url, username, WRONG_PASSWORD, headers)));
  return seen;
}

describe('login throttling with the default limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Clients are told apart by X-Forwarded-For, which this server believes from 127.0.0.1.
    server = await startTestServer({ TRUST_PROXY: 'loopback' });
  });
  afterAll(() => server.stop());

  it('locks an account for the guessing address after 10 failures: RATE_LIMITED with retryAfter, even for the right password', async () => {
    const victim = await registerUser(server.url, 'victim');
    expect(await failLogins(server.url, victim.username, 10, from('198.51.100.1'))).toEqual(Array(10).fill('UNAUTHENTICATED'));

    const refused = await login(server.url, victim.username, victim.password, from('198.51.100.1'));
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    const retryAfter = refused.errors![0].extensions!.retryAfter;
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(LOCKOUT_WINDOW_SECONDS - 60);
    expect(retryAfter).toBeLessThanOrEqual(LOCKOUT_WINDOW_SECONDS);
    expect(refused.data).toBeNull();

    // The lock is on the account for that address, whichever name it is reached by.
    expect(codes(await login(server.url, victim.email.toUpperCase(), victim.password, from('198.51.100.1')))).toEqual(['RATE_LIMITED']);
  });

  it("lets the owner sign in from another address while the attacker's address is locked out of the account", async () => {
    const owner = await registerUser(server.url, 'owner');
    // The attacker keeps going long after the lock: refusals spend nothing of the account's budget.
    expect(await failLogins(server.url, owner.username, 40, from('198.51.100.7'))).toEqual([
      ...Array(10).fill('UNAUTHENTICATED'),
      ...Array(30).fill('RATE_LIMITED'),
    ]);
    expect(codes(await login(server.url, owner.username, owner.password, from('198.51.100.7')))).toEqual(['RATE_LIMITED']);

    const signedIn = await login(server.url, owner.email, owner.password, from('203.0.113.77'));
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data!.login.accessToken).toEqual(expect.any(String));
    // Signing in elsewhere does not unlock the attacker's address.
    expect(codes(await login(server.url, owner.username, owner.password, from('198.51.100.7')))).toEqual(['RATE_LIMITED']);
  });

  it('leaves other accounts, even from the attacking address, working during a lockout', async () => {
    const [victim, bystander] = [await registerUser(server.url, 'victim'), await registerUser(server.url, 'bystander')];
    await failLogins(server.url, victim.username, 10, from('198.51.100.3'));
    expect(codes(await login(server.url, victim.username, victim.password, from('198.51.100.3')))).toEqual(['RATE_LIMITED']);
    const other = await login(server.url, bystander.username, bystander.password, from('198.51.100.3'));
    expect(other.errors).toBeUndefined();
    expect(other.data!.login.accessToken).toEqual(expect.any(String));
  });

  it('resets an account failure count on success', async () => {
    const user = await registerUser(server.url, 'reset');
    await failLogins(server.url, user.username, 9, from('198.51.100.4'));
    expect((await login(server.url, user.username, user.password, from('198.51.100.4'))).errors).toBeUndefined();
    expect(await failLogins(server.url, user.username, 9, from('198.51.100.4'))).toEqual(Array(9).fill('UNAUTHENTICATED'));
    expect((await login(server.url, user.username, user.password, from('198.51.100.4'))).errors).toBeUndefined();
  });

  it('locks a name that matches no account exactly like a real one (no account discovery)', async () => {
    const ghost = newIdentity('ghost').username;
    expect(await failLogins(server.url, ghost, 11, from('198.51.100.5'))).toEqual([...Array(10).fill('UNAUTHENTICATED'), 'RATE_LIMITED']);
  });

  it('lets only 10 of 30 concurrent guesses at one account from one address be checked', async () => {
    const user = await registerUser(server.url, 'burst');
    const results = await Promise.all(
      Array.from({ length: 30 }, () => login(server.url, user.username, WRONG_PASSWORD, from('198.51.100.6'))),
    );
    const seen = results.flatMap(codes);
    expect(seen.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(10);
    expect(seen.filter((code) => code === 'RATE_LIMITED')).toHaveLength(20);
  });
});

describe('login throttling per client address', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: 'loopback', RATE_LIMITS: 'loginAddress=12/15m, loginAccount=3/15m' });
  });
  afterAll(() => server.stop());

  it('blocks an address after its failures across many accounts, and no other address', async () => {
    const user = await registerUser(server.url, 'spray');
    // 12 failures spread over 6 names: no account reaches its own limit of 3.
    for (let name = 0; name < 6; name += 1) await failLogins(server.url, `spray-target-${name}`, 2, from('203.0.113.10'));
    const blocked = await login(server.url, user.username, user.password, from('203.0.113.10'));
    expect(codes(blocked)).toEqual(['RATE_LIMITED']);
    expect(blocked.errors![0].extensions!.retryAfter).toBeGreaterThan(14 * 60);
    expect((await login(server.url, user.username, user.password, from('203.0.113.11'))).errors).toBeUndefined();
  });

  it('does not block an address for hammering one locked account (the office keeps working)', async () => {
    const [target, colleague] = [await registerUser(server.url, 'target'), await registerUser(server.url, 'colleague')];
    // 3 real failures lock the account; the 20 refusals after that check no password and cost the address nothing.
    expect(await failLogins(server.url, target.username, 23, from('203.0.113.20'))).toEqual([
      ...Array(3).fill('UNAUTHENTICATED'),
      ...Array(20).fill('RATE_LIMITED'),
    ]);
    expect((await login(server.url, colleague.username, colleague.password, from('203.0.113.20'))).errors).toBeUndefined();
  });
});

describe('the account-wide ceiling of failed logins (loginAccountGlobal)', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({
      TRUST_PROXY: 'loopback',
      SMTP_URL: smtp.url,
      RATE_LIMITS: 'loginAccount=3/15m, loginAccountGlobal=7/1h',
    });
  });
  afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  /** 3 failures from each of two addresses (both locked out) and 1 from a third: 7 in all. */
  async function spendCeiling(username: string, prefix: string) {
    expect(await failLogins(server.url, username, 3, from(`${prefix}.1`))).toEqual(Array(3).fill('UNAUTHENTICATED'));
    expect(await failLogins(server.url, username, 3, from(`${prefix}.2`))).toEqual(Array(3).fill('UNAUTHENTICATED'));
    expect(await failLogins(server.url, username, 1, from(`${prefix}.3`))).toEqual(['UNAUTHENTICATED']);
  }

  it('locks the account for every address once failures from all of them reach it, even for the right password', async () => {
    const user = await registerUser(server.url, 'ceiling');
    await spendCeiling(user.username, '198.18.1');
    for (const address of ['198.18.1.3', '198.18.1.200']) {
      const refused = await login(server.url, user.username, user.password, from(address));
      expect(codes(refused)).toEqual(['RATE_LIMITED']);
      expect(refused.errors![0].extensions!.retryAfter).toBeGreaterThan(3500);
    }
  });

  it('locks a name that matches no account at the same ceiling (no account discovery)', async () => {
    const ghost = newIdentity('ghost').username;
    await spendCeiling(ghost, '198.18.2');
    expect(codes(await login(server.url, ghost, WRONG_PASSWORD, from('198.18.2.200')))).toEqual(['RATE_LIMITED']);
  });

  it('does not count refusals of a locked address towards the ceiling', async () => {
    const user = await registerUser(server.url, 'hammered');
    expect(await failLogins(server.url, user.username, 30, from('198.18.3.1'))).toEqual([
      ...Array(3).fill('UNAUTHENTICATED'),
      ...Array(27).fill('RATE_LIMITED'),
    ]);
    expect((await login(server.url, user.username, user.password, from('198.18.3.2'))).errors).toBeUndefined();
  });

  it('lifts every lock of the account, on every address, with a password reset', async () => {
    const user = await registerUser(server.url, 'lifted');
    await spendCeiling(user.username, '198.18.4');
    expect(codes(await login(server.url, user.username, user.password, from('198.18.4.9')))).toEqual(['RATE_LIMITED']);

    expect((await postGraphQL(server.url, REQUEST_RESET, { email: user.email }, from('198.18.4.9'))).errors).toBeUndefined();
    const token = tokenOf(await smtp.waitForMail(user.email));
    const reset = await postGraphQL(server.url, RESET, { input: { token, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD } });
    expect(reset.errors).toBeUndefined();

    for (const address of ['198.18.4.1', '198.18.4.2', '198.18.4.9']) {
      expect((await login(server.url, user.username, NEW_PASSWORD, from(address))).errors, address).toBeUndefined();
    }
  });
});

describe('per-address limits for IPv6 clients (RATE_LIMIT_IPV6_PREFIX, default 64)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: 'loopback', RATE_LIMITS: 'register=2/1h' });
  });
  afterAll(() => server.stop());

  const register = (address: string) => {
    const identity = newIdentity('six');
    return postGraphQL(server.url, REGISTER, { input: { ...identity, passwordConfirm: identity.password } }, from(address));
  };

  it('counts every address of one /64 as one client, and another /64 apart', async () => {
    const seen = [];
    for (const address of ['2001:db8:aa:1::1', '2001:db8:aa:1::2', '2001:db8:aa:1:ffff:ffff:ffff:ffff']) {
      seen.push(codes(await register(address))[0] ?? 'OK');
    }
    expect(seen).toEqual(['OK', 'OK', 'RATE_LIMITED']);
    expect(codes(await register('2001:db8:aa:2::1'))).toEqual([]);
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', async () => {
    expect(codes(await register('192.0.2.50'))).toEqual([]);
    expect(codes(await register('::ffff:192.0.2.50'))).toEqual([]);
    expect(codes(await register('::ffff:c000:232'))).toEqual(['RATE_LIMITED']);
  });
});

describe('account lockouts that grow', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMITS: 'loginAccount=2/2s' });
  });
  afterAll(() => server.stop());

  it('doubles the lock each time the account is locked again', async () => {
    const user = await registerUser(server.url, 'grow');
    const lockedFor = async () => {
      await failLogins(server.url, user.username, 2);
      const refused = await login(server.url, user.username, user.password);
      expect(codes(refused)).toEqual(['RATE_LIMITED']);
      return refused.errors![0].extensions!.retryAfter as number;
    };
    expect(await lockedFor()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await lockedFor()).toBe(4);
  });
});

describe('per-address limits of other operations', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      TRUST_PROXY: 'loopback',
      RATE_LIMITS: 'register=3/1h, refreshToken=2/1h, verifyToken=2/1h, requestPasswordReset=2/1h',
    });
  });
  afterAll(() => server.stop());

  const register = (address: string) => {
    const identity = newIdentity('limited');
    return postGraphQL(server.url, REGISTER, { input: { ...identity, passwordConfirm: identity.password } }, from(address));
  };

  it('limits register per address, and only that address', async () => {
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push(await register('192.0.2.1'));
    expect(results.map((result) => codes(result)[0] ?? 'OK')).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED']);
    expect(results[3].errors![0].extensions!.retryAfter).toBeGreaterThan(3500);
    expect(codes(await register('192.0.2.2'))).toEqual([]);
  });

  it('limits refreshToken and verifyToken per address', async () => {
    for (const operation of ['mutation { refreshToken(refreshToken: "x") { accessToken } }', 'mutation { verifyToken(token: "x") { valid } }']) {
      const seen = [];
      for (let i = 0; i < 3; i += 1) seen.push(codes(await postGraphQL(server.url, operation, {}, from('192.0.2.3')))[0] ?? 'OK');
      expect(seen[2]).toBe('RATE_LIMITED');
      expect(seen.slice(0, 2)).not.toContain('RATE_LIMITED');
    }
  });

  it('offers every named limit to the services, e.g. requestPasswordReset for another issue to call', async () => {
    const limits = server.app.services.rateLimits;
    await limits.consume('requestPasswordReset', '192.0.2.9');
    await limits.consume('requestPasswordReset', '192.0.2.9');
    const refusal = await limits.consume('requestPasswordReset', '192.0.2.9').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: expect.any(Number) } });
  });
});

describe('RATE_LIMIT_ENABLED=false', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_ENABLED: 'false', RATE_LIMITS: 'loginAccount=2/1h, register=1/1h' });
  });
  afterAll(() => server.stop());

  it('throttles nothing', async () => {
    const user = await registerUser(server.url, 'free');
    await registerUser(server.url, 'free');
    expect(await failLogins(server.url, user.username, 4)).toEqual(Array(4).fill('UNAUTHENTICATED'));
    expect((await login(server.url, user.username, user.password)).errors).toBeUndefined();
  });
});
