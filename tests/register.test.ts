import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { GOOD_PASSWORD, newIdentity } from './helpers/accounts.js';
import { postGraphQL } from './helpers/http.js';
import { RegisterDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';
import { User } from '../src/db/entities/index.js';

describe('register', () => {
  let server: TestServer;
  let client: TestClient;
  beforeAll(async () => {
    server = await startTestServer();
    client = new TestClient(server.url);
  });
  afterAll(() => server.stop());

  const register = (input: { username: string; email: string; password: string; passwordConfirm?: string }) =>
    client.run(RegisterDocument, { input: { passwordConfirm: input.password, ...input } });

  const fieldErrorsOf = async (input: Parameters<typeof register>[0]) => {
    const result = await register(input);
    expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
    return result.errors[0].extensions.fieldErrors as Record<string, string[]>;
  };

  it('creates an active USER and returns it without any password material', async () => {
    const identity = newIdentity();
    const raw = await postGraphQL(
      server.url,
      'mutation($input: RegisterInput!) { register(input: $input) { id username email role isActive dateJoined lastLogin } }',
      { input: { ...identity, passwordConfirm: identity.password } },
    );
    expect(raw.errors).toBeUndefined();
    expect(raw.data!.register).toMatchObject({ username: identity.username, role: 'USER', isActive: true, lastLogin: null });
    expect(new Date(raw.data!.register.dateJoined).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(JSON.stringify(raw)).not.toContain(identity.password);
    expect(JSON.stringify(raw)).not.toContain('argon2');
  });

  it('reports every problem of every field at once', async () => {
    const errors = await fieldErrorsOf({ username: 'not valid!', email: 'nope', password: '123', passwordConfirm: 'x' });
    expect(Object.keys(errors).sort()).toEqual(['email', 'password', 'passwordConfirm', 'username']);
    expect(errors.username[0]).toMatch(/letters, numbers, and @\/\.\/\+\/-\/_/);
    expect(errors.email).toEqual(['Enter a valid email address.']);
    expect(errors.password).toEqual(
      expect.arrayContaining([expect.stringMatching(/too short/), expect.stringMatching(/entirely numeric/)]),
    );
    expect(errors.passwordConfirm).toEqual(["The two password fields didn't match."]);
  });

  it('requires a username and an email', async () => {
    const errors = await fieldErrorsOf({ username: '', email: '', password: GOOD_PASSWORD });
    expect(errors).toEqual({ username: ['This field is required.'], email: ['This field is required.'] });
  });

  it('refuses a username over 150 characters and accepts one of exactly 150', async () => {
    const long = 'u'.repeat(151);
    expect((await fieldErrorsOf({ username: long, email: 'long@example.com', password: GOOD_PASSWORD })).username).toEqual([
      'Ensure this value has at most 150 characters.',
    ]);
    const exact = `${process.pid}`.padEnd(150, 'v');
    expect(codesOf(await register({ username: exact, email: 'exact150@example.com', password: GOOD_PASSWORD }))).toEqual([]);
  });

  it('accepts letters of any script, digits and @ . + - _ in usernames', async () => {
    const result = await register({ username: 'Zoë.O+Brien-名前_1@home', email: 'zoe@example.com', password: GOOD_PASSWORD });
    expect(expectData(result).register.username).toBe('Zoë.O+Brien-名前_1@home');
  });

  it('refuses a password that is too common', async () => {
    const errors = await fieldErrorsOf({ ...newIdentity(), password: 'password123' });
    expect(errors.password).toContain('This password is too common.');
  });

  it('refuses a password that is entirely numeric', async () => {
    const errors = await fieldErrorsOf({ ...newIdentity(), password: '90210347615' });
    expect(errors.password).toContain('This password is entirely numeric.');
  });

  it('refuses a password too similar to the username or to the email', async () => {
    const identity = { username: 'marguerite', email: 'lavender.fields@example.com' };
    expect((await fieldErrorsOf({ ...identity, password: 'Marguerite1' })).password).toContain(
      'The password is too similar to the username.',
    );
    expect((await fieldErrorsOf({ ...identity, password: 'lavender.fields' })).password).toContain(
      'The password is too similar to the email address.',
    );
  });

  it('refuses a password over 256 characters instead of truncating it', async () => {
    const errors = await fieldErrorsOf({ ...newIdentity(), password: 'Ab1-'.repeat(65) });
    expect(errors.password).toEqual(['This password is too long. It must contain at most 256 characters.']);
  });

  it('treats usernames that differ only in case or Unicode form as taken', async () => {
    expectData(await register({ username: 'Straße', email: 'strasse1@example.com', password: GOOD_PASSWORD }));
    for (const variant of ['STRASSE', 'strasse', 'Straße']) {
      const errors = await fieldErrorsOf({ username: variant, email: `${variant}-2@example.org`, password: GOOD_PASSWORD });
      expect(errors.username).toEqual(['A user with that username already exists.']);
    }
    // "ﬁ" (U+FB01) is "fi" under NFKC.
    expectData(await register({ username: 'ﬁnch', email: 'finch1@example.com', password: GOOD_PASSWORD }));
    expect((await fieldErrorsOf({ username: 'FINCH', email: 'finch2@example.com', password: GOOD_PASSWORD })).username).toEqual([
      'A user with that username already exists.',
    ]);
  });

  it('treats an email address that differs only in case as taken, and keeps the one stored as typed', async () => {
    const first = expectData(await register({ username: 'casey1', email: 'Casey.Jones@Example.com', password: GOOD_PASSWORD }));
    expect(first.register.email).toBe('Casey.Jones@Example.com');
    const errors = await fieldErrorsOf({ username: 'casey2', email: 'casey.jones@EXAMPLE.COM', password: GOOD_PASSWORD });
    expect(errors).toEqual({ email: ['A user with that email address already exists.'] });
  });

  it('makes exactly one user of 10 concurrent identical registrations, the others get the field error', async () => {
    const identity = newIdentity('racer');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => new TestClient(server.url).run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } })),
    );
    const winners = results.filter((result) => result.errors.length === 0);
    const losers = results.filter((result) => result.errors.length > 0);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(9);
    for (const loser of losers) {
      expect(codesOf(loser), JSON.stringify(loser.errors)).toEqual(['BAD_USER_INPUT']);
      // Whichever unique field the loser's request saw taken first (both are the winner's).
      const fieldErrors = loser.errors[0].extensions.fieldErrors as Record<string, string[]>;
      expect(Object.keys(fieldErrors).length, JSON.stringify(loser.errors)).toBeGreaterThan(0);
      for (const [field, messages] of Object.entries(fieldErrors)) {
        expect(['username', 'email']).toContain(field);
        expect(messages[0]).toMatch(/^A user with that (username|email address) already exists\.$/);
      }
      expect(JSON.stringify(loser.errors)).not.toMatch(/insert|constraint|argon2|sqlite/i);
    }
  });

  it('refuses an email whose lower-cased form outgrows its column, on the email field (not a server error)', async () => {
    // "İ" (U+0130) lower-cases to "i" + U+0307: 153 characters as typed, 298 once lower-cased.
    const label = 'İ'.repeat(31);
    const email = `${'İ'.repeat(32)}@${label}.${label}.${label}.${'İ'.repeat(20)}.com`;
    expect(email.length).toBeLessThanOrEqual(254);
    expect(email.toLowerCase().length).toBeGreaterThan(254);
    const errors = await fieldErrorsOf({ username: newIdentity('dotted').username, email, password: GOOD_PASSWORD });
    expect(errors).toEqual({ email: ['Ensure this value has at most 254 characters once lower-cased.'] });
  });

  it('answers a missing input field with BAD_USER_INPUT, not a server error', async () => {
    const response = await postGraphQL(server.url, 'mutation($input: RegisterInput!) { register(input: $input) { id } }', {
      input: { username: 'x', email: 'x@example.com', password: GOOD_PASSWORD },
    });
    expect(response.status).toBe(400);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('register with REQUIRE_EMAIL_ACTIVATION=true: a taken email address is not revealed', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let client: TestClient;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({ REQUIRE_EMAIL_ACTIVATION: 'true', SMTP_URL: smtp.url, RATE_LIMITS: 'register=500/1h' });
    client = new TestClient(server.url);
  });
  afterAll(async () => {
    await server.stop();
    await smtp.stop();
  });

  const register = (input: { username: string; email: string; password: string }) =>
    client.run(RegisterDocument, { input: { ...input, passwordConfirm: input.password } });

  /** An account holding `email`, whose activation mail has arrived. */
  async function owner(prefix: string) {
    const identity = newIdentity(prefix);
    const user = expectData(await register(identity)).register;
    await smtp.waitForMail(identity.email);
    return { identity, user };
  }

  it('answers a taken email like a fresh registration: an inactive USER with a new id, never stored', async () => {
    const { identity: taken, user: holder } = await owner('holder');
    const fresh = expectData(await register(newIdentity('fresh'))).register;
    const intruder = newIdentity('intruder');
    const answer = expectData(await register({ ...intruder, email: taken.email.toUpperCase() })).register;

    expect(Object.keys(answer).sort()).toEqual(Object.keys(fresh).sort());
    expect(answer).toMatchObject({ username: intruder.username, email: taken.email.toUpperCase(), role: 'USER', isActive: false, lastLogin: null });
    expect(answer.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(answer.id).not.toBe(holder.id);
    expect(new Date(answer.dateJoined).getTime()).toBeGreaterThan(Date.now() - 60_000);

    // Nothing was stored: the name is still free, and the look-alike's id is nobody's.
    expect(await server.app.orm.em.fork().count(User, { id: answer.id })).toBe(0);
    expectData(await register(intruder));
  });

  it('mails the owner of the address a notice instead of an activation link', async () => {
    const { identity: taken } = await owner('noticed');
    expectData(await register({ ...newIdentity('someone'), email: taken.email }));
    const notice = await smtp.waitForMail(taken.email, 2);
    expect(notice.subject).toBe('Someone tried to register with your email address');
    expect(notice.text).toContain(taken.username);
    expect(notice.text).toMatch(/sign in/);
    expect(notice.text).toMatch(/reset your password/);
    expect(notice.token).toBeNull();
  });

  it('still refuses a taken username on its field (usernames are public), and says nothing of the email', async () => {
    const { identity: taken } = await owner('public');
    const result = await register({ ...taken, email: taken.email });
    expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors[0].extensions.fieldErrors).toEqual({ username: ['A user with that username already exists.'] });
  });

  it('takes about as long for a taken address as for a free one', async () => {
    const { identity: taken } = await owner('timing');
    const timings: Record<'free' | 'taken', number[]> = { free: [], taken: [] };
    for (let round = 0; round < 5; round += 1) {
      for (const kind of round % 2 ? (['free', 'taken'] as const) : (['taken', 'free'] as const)) {
        const identity = newIdentity('timed');
        const started = performance.now();
        expectData(await register(kind === 'free' ? identity : { ...identity, email: taken.email }));
        timings[kind].push(performance.now() - started);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    // Both hash the password (tens of milliseconds); neither answers in a fraction of the other's time.
    expect(median(timings.taken)).toBeGreaterThan(median(timings.free) * 0.6);
    expect(median(timings.free)).toBeGreaterThan(median(timings.taken) * 0.6);
  });
});
