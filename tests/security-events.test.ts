import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newIdentity } from './helpers/accounts.js';
import { AUDIT_LOG, auditLog, ownEvents, SECURITY_EVENTS, sql, type EventPage } from './helpers/events.js';
import { codes, from, login, registerUser, WRONG_PASSWORD } from './helpers/hardening.js';
import { bearer, postGraphQL, type GraphQLResponse } from './helpers/http.js';
import { signUpAdmin } from './helpers/lifecycle.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { id } }';
const CHANGE_PASSWORD = `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken refreshToken } }`;
const UPDATE_ME = `mutation ($input: UpdateMeInput!) { updateMe(input: $input) { id } }`;
const DELETE_ME = `mutation ($p: String!) { deleteMe(currentPassword: $p) }`;
const REFRESH = `mutation ($t: String!) { refreshToken(refreshToken: $t) { refreshToken } }`;
const LOGOUT = `mutation ($t: String!) { logout(refreshToken: $t) }`;
const LOGOUT_ALL = `mutation { logoutAll }`;
const REVOKE_SESSION = `mutation ($id: ID!) { revokeSession(id: $id) }`;
const USERS = `query { users(first: 1) { pageInfo { endCursor } } }`;
const NEW_PASSWORD = 'amber-Harbour-62-lantern';
const AGENT = { 'user-agent': 'EventsTest/1.0' };

/** A registered and signed-in user, over raw HTTP from `address`. */
async function signedInUser(server: TestServer, address = '203.0.113.10') {
  const identity = newIdentity('ev');
  const registered = await postGraphQL<{ register: { id: string } }>(
    server.url,
    REGISTER,
    { input: { ...identity, passwordConfirm: identity.password } },
    { ...from(address), ...AGENT },
  );
  const signedIn = await login(server.url, identity.username, identity.password, { ...from(address), ...AGENT });
  if (!registered.data || !signedIn.data) throw new Error(JSON.stringify([registered.errors, signedIn.errors]));
  return { identity, userId: registered.data.register.id, tokens: signedIn.data.login };
}

describe('the security-event log', () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof signUpAdmin>>;
  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: 'loopback', RATE_LIMITS: 'loginAccount=3/15m', REFRESH_REUSE_INTERVAL: '0' });
    admin = await signUpAdmin(server);
  });
  afterAll(() => server.stop());

  it('records sign-up and sign-in with the account, session, client address and user agent, newest first', async () => {
    const { userId, tokens } = await signedInUser(server, '203.0.113.11');
    const events = await ownEvents(server.url, tokens.accessToken);
    expect(events.map((event) => event.type)).toEqual(['SIGNED_IN', 'ACCOUNT_CREATED']);
    const [signedIn] = events;
    expect(signedIn).toMatchObject({ userId, actorId: null, ipAddress: '203.0.113.11', userAgent: 'EventsTest/1.0' });
    const sessions = await postGraphQL(server.url, 'query { sessions { id current } }', {}, bearer(tokens.accessToken));
    expect(signedIn.sessionId).toBe(sessions.data!.sessions[0].id);
    expect(Date.parse(signedIn.at)).toBeGreaterThanOrEqual(Date.parse(events[1].at));
  });

  it('records a wrong password on the account it names, without the password, and nothing for an unknown name', async () => {
    const { identity, userId, tokens } = await signedInUser(server);
    const unknownName = `nobody-${randomUUID()}`;
    expect(codes(await login(server.url, identity.email, WRONG_PASSWORD, from('203.0.113.12')))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await login(server.url, unknownName, WRONG_PASSWORD, from('203.0.113.12')))).toEqual(['UNAUTHENTICATED']);
    const [failed] = await ownEvents(server.url, tokens.accessToken);
    expect(failed).toMatchObject({ type: 'SIGN_IN_FAILED', userId, sessionId: null, ipAddress: '203.0.113.12' });
    const rows = await sql(server, 'select * from security_events');
    expect(JSON.stringify(rows)).not.toContain(WRONG_PASSWORD);
    expect(JSON.stringify(rows)).not.toContain(unknownName);
    expect(rows.filter((row) => row.type === 'SIGN_IN_FAILED' && row.user_id === null)).toEqual([]);
  });

  it('records ACCOUNT_LOCKED once when the login throttle locks the account, and no row per refused attempt', async () => {
    const { identity, tokens } = await signedInUser(server);
    const seen: unknown[] = [];
    for (let i = 0; i < 6; i += 1) seen.push(...codes(await login(server.url, identity.username, WRONG_PASSWORD, from('203.0.113.13'))));
    expect(seen).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    const types = (await ownEvents(server.url, tokens.accessToken)).map((event) => event.type);
    expect(types.filter((type) => type === 'ACCOUNT_LOCKED')).toHaveLength(1);
    expect(types.filter((type) => type === 'SIGN_IN_FAILED')).toHaveLength(3);
    expect(types[0]).toBe('ACCOUNT_LOCKED');
  });

  it('records a reused refresh token, a revoked session, a sign-out and a sign-out everywhere', async () => {
    const { identity, userId, tokens } = await signedInUser(server);
    const second = (await login(server.url, identity.username, identity.password)).data!.login;
    const third = (await login(server.url, identity.username, identity.password)).data!.login;
    const fourth = (await login(server.url, identity.username, identity.password)).data!.login;
    expect((await postGraphQL(server.url, REFRESH, { t: second.refreshToken })).data).toBeTruthy();
    expect(codes(await postGraphQL(server.url, REFRESH, { t: second.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    const sessions = await postGraphQL(server.url, 'query { sessions { id current } }', {}, bearer(third.accessToken));
    const thirdSession = sessions.data!.sessions.find((session: { current: boolean }) => session.current).id;
    expect((await postGraphQL(server.url, REVOKE_SESSION, { id: thirdSession }, bearer(tokens.accessToken))).data).toBeTruthy();
    expect((await postGraphQL(server.url, LOGOUT, { t: fourth.refreshToken })).data).toBeTruthy();
    expect((await postGraphQL(server.url, LOGOUT, { t: fourth.refreshToken })).data).toBeTruthy(); // idempotent: no second event
    expect((await postGraphQL(server.url, LOGOUT_ALL, {}, bearer(tokens.accessToken))).data).toBeTruthy();

    const events = await auditLog(server.url, admin.tokens.accessToken, { userId });
    expect(events.slice(0, 4).map((event) => event.type)).toEqual(['SIGNED_OUT', 'SIGNED_OUT', 'SESSION_REVOKED', 'REFRESH_TOKEN_REUSED']);
    expect(events[2].sessionId).toBe(thirdSession);
    expect(events.every((event) => event.userId === userId)).toBe(true);
  });

  it('records password, username and email changes, and keeps the events of a deleted account without naming it', async () => {
    const { identity, userId, tokens } = await signedInUser(server);
    const changed = await postGraphQL(
      server.url,
      CHANGE_PASSWORD,
      { input: { currentPassword: identity.password, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD } },
      bearer(tokens.accessToken),
    );
    const accessToken = changed.data!.changePassword.accessToken;
    const renamed = newIdentity('evnew');
    const updated = await postGraphQL(
      server.url,
      UPDATE_ME,
      { input: { username: renamed.username, email: renamed.email, currentPassword: NEW_PASSWORD } },
      bearer(accessToken),
    );
    expect(updated.errors).toBeUndefined();
    const types = (await ownEvents(server.url, accessToken)).map((event) => event.type);
    expect(types.slice(0, 3).sort()).toEqual(['EMAIL_CHANGED', 'PASSWORD_CHANGED', 'USERNAME_CHANGED']);

    expect((await postGraphQL(server.url, DELETE_ME, { p: NEW_PASSWORD }, bearer(accessToken))).data?.deleteMe).toBe(true);
    expect(await auditLog(server.url, admin.tokens.accessToken, { userId })).toEqual([]);
    const [deleted] = await auditLog(server.url, admin.tokens.accessToken, { types: ['ACCOUNT_DELETED'], first: 1 });
    expect(deleted).toMatchObject({ userId: null, actorId: null });
    const kept = await sql(server, 'select count(*) as n from security_events where user_id is null and type in (?, ?, ?)', [
      'ACCOUNT_CREATED',
      'SIGNED_IN',
      'PASSWORD_CHANGED',
    ]);
    expect(Number(kept[0].n)).toBeGreaterThanOrEqual(3);
  });

  it('pages newest first without gaps or repeats, and refuses bad `first` and foreign or garbled cursors', async () => {
    const { identity, tokens } = await signedInUser(server);
    for (let i = 0; i < 3; i += 1) await login(server.url, identity.username, identity.password);
    const all = await ownEvents(server.url, tokens.accessToken, { first: 100 });
    expect(all).toHaveLength(5); // ACCOUNT_CREATED and four SIGNED_IN
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const response: GraphQLResponse<{ securityEvents: EventPage }> = await postGraphQL(
        server.url,
        SECURITY_EVENTS,
        { first: 2, after },
        bearer(tokens.accessToken),
      );
      const { edges, pageInfo } = response.data!.securityEvents;
      seen.push(...edges.map((edge) => edge.node.id));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toEqual(all.map((event) => event.id));

    const refused = async (variables: Record<string, unknown>, query = SECURITY_EVENTS, token = tokens.accessToken) => {
      const response = await postGraphQL(server.url, query, variables, bearer(token));
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      return Object.keys(response.errors![0].extensions!.fieldErrors);
    };
    expect(await refused({ first: 0 })).toEqual(['first']);
    expect(await refused({ first: 101 })).toEqual(['first']);
    expect(await refused({ after: 'garbage' })).toEqual(['after']);
    const usersCursor = (await postGraphQL(server.url, USERS, {}, bearer(admin.tokens.accessToken))).data!.users.pageInfo.endCursor;
    expect(await refused({ after: usersCursor })).toEqual(['after']);
    expect(await refused({ userId: 'not-a-uuid' }, AUDIT_LOG, admin.tokens.accessToken)).toEqual(['userId']);
  });

  it('gives the audit log to admins only, filtered by user and types', async () => {
    const { userId, tokens } = await signedInUser(server);
    expect(codes(await postGraphQL(server.url, AUDIT_LOG, {}, bearer(tokens.accessToken)))).toEqual(['FORBIDDEN']);
    expect(codes(await postGraphQL(server.url, AUDIT_LOG, {}))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await postGraphQL(server.url, SECURITY_EVENTS, {}))).toEqual(['UNAUTHENTICATED']);
    const mine = await auditLog(server.url, admin.tokens.accessToken, { userId, types: ['ACCOUNT_CREATED'] });
    expect(mine.map((event) => [event.type, event.userId])).toEqual([['ACCOUNT_CREATED', userId]]);
    const signIns = await auditLog(server.url, admin.tokens.accessToken, { types: ['SIGNED_IN', 'SIGN_IN_FAILED'], first: 100 });
    expect(signIns.length).toBeGreaterThan(1);
    expect(new Set(signIns.map((event) => event.userId)).size).toBeGreaterThan(1);
    expect(signIns.every((event) => ['SIGNED_IN', 'SIGN_IN_FAILED'].includes(event.type))).toBe(true);
  });

  it('keeps the events of a session after the session ends', async () => {
    const { tokens } = await signedInUser(server);
    await postGraphQL(server.url, LOGOUT, { t: tokens.refreshToken });
    const other = (await registerUser(server.url, 'evkeep'));
    const fresh = (await login(server.url, other.username, other.password)).data!.login;
    expect((await ownEvents(server.url, fresh.accessToken)).map((event) => event.type)).toEqual(['SIGNED_IN', 'ACCOUNT_CREATED']);
    const ended = await auditLog(server.url, admin.tokens.accessToken, { types: ['SIGNED_OUT'], first: 1 });
    expect(ended[0].sessionId).toBeTruthy();
  });
});

describe('security-event retention', () => {
  it('prunes events older than SECURITY_EVENT_RETENTION in the background', async () => {
    const server = await startTestServer({ SECURITY_EVENT_RETENTION: '2s' });
    try {
      const identity = await registerUser(server.url, 'evret');
      const count = async () => Number((await sql(server, 'select count(*) as n from security_events'))[0].n);
      expect(await count()).toBe(1);
      const deadline = Date.now() + 10_000;
      while ((await count()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
      expect(await count()).toBe(0);
      // New events are kept until they too are past the retention.
      const signedIn = (await login(server.url, identity.username, identity.password)).data!.login;
      expect((await ownEvents(server.url, signedIn.accessToken)).map((event) => event.type)).toEqual(['SIGNED_IN']);
    } finally {
      await server.stop();
    }
  });
});
