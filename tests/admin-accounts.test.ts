import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from './helpers/events.js';
import { codes, login, registerUser } from './helpers/hardening.js';
import { bearer, postGraphQL, type GraphQLResponse } from './helpers/http.js';
import { signUpAdmin } from './helpers/lifecycle.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const SET_ACTIVE = `mutation ($id: ID!, $active: Boolean!) { setUserActive(id: $id, active: $active) { id isActive role } }`;
const SET_ROLE = `mutation ($id: ID!, $role: Role!) { setUserRole(id: $id, role: $role) { id isActive role } }`;
const REVOKE_SESSIONS = `mutation ($id: ID!) { revokeUserSessions(id: $id) }`;
const DELETE_USER = `mutation ($id: ID!) { deleteUser(id: $id) }`;
const ME = `query { me { id role } }`;
const USERS = `query { users(first: 1) { totalCount } }`;
const REFRESH = `mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`;

/** A fresh USER, signed in twice (two sessions). */
async function userWithTwoSessions(server: TestServer) {
  const identity = await registerUser(server.url, 'adm');
  const first = (await login(server.url, identity.username, identity.password)).data!.login;
  const second = (await login(server.url, identity.username, identity.password)).data!.login;
  const me = await postGraphQL(server.url, ME, {}, bearer(first.accessToken));
  return { identity, userId: me.data!.me.id as string, first, second };
}

/** The single error's code and the names of its field errors. */
function failure(response: GraphQLResponse) {
  return { code: codes(response)[0], fields: Object.keys(response.errors?.[0]?.extensions?.fieldErrors ?? {}) };
}

describe('admin account management', () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof signUpAdmin>>;
  const asAdmin = (query: string, variables: Record<string, unknown>) =>
    postGraphQL(server.url, query, variables, bearer(admin.tokens.accessToken));

  beforeAll(async () => {
    server = await startTestServer();
    admin = await signUpAdmin(server, 'boss');
  });
  afterAll(() => server.stop());

  it('deactivates an account: every session stops at once, it cannot sign in, and reactivation lets it back in', async () => {
    const { identity, userId, first, second } = await userWithTwoSessions(server);
    const deactivated = await asAdmin(SET_ACTIVE, { id: userId, active: false });
    expect(deactivated.data?.setUserActive).toMatchObject({ id: userId, isActive: false });
    expect(codes(await postGraphQL(server.url, ME, {}, bearer(first.accessToken)))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await postGraphQL(server.url, REFRESH, { t: second.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await login(server.url, identity.username, identity.password))).toEqual(['UNAUTHENTICATED']);

    expect((await asAdmin(SET_ACTIVE, { id: userId, active: true })).data?.setUserActive.isActive).toBe(true);
    // The sessions were revoked, not just suspended: they stay ended after reactivation.
    expect(codes(await postGraphQL(server.url, ME, {}, bearer(first.accessToken)))).toEqual(['UNAUTHENTICATED']);
    expect((await login(server.url, identity.username, identity.password)).data?.login).toBeTruthy();

    const events = await auditLog(server.url, admin.tokens.accessToken, { userId, types: ['ACCOUNT_DEACTIVATED', 'ACCOUNT_REACTIVATED'] });
    expect(events.map((event) => [event.type, event.actorId])).toEqual([
      ['ACCOUNT_REACTIVATED', admin.user.id],
      ['ACCOUNT_DEACTIVATED', admin.user.id],
    ]);
  });

  it('changes a role with effect on the very next request, recorded with the admin as actor', async () => {
    const { userId, first } = await userWithTwoSessions(server);
    expect(codes(await postGraphQL(server.url, USERS, {}, bearer(first.accessToken)))).toEqual(['FORBIDDEN']);
    expect((await asAdmin(SET_ROLE, { id: userId, role: 'ADMIN' })).data?.setUserRole.role).toBe('ADMIN');
    expect((await postGraphQL(server.url, USERS, {}, bearer(first.accessToken))).data?.users).toBeTruthy();
    expect((await asAdmin(SET_ROLE, { id: userId, role: 'USER' })).data?.setUserRole.role).toBe('USER');
    expect(codes(await postGraphQL(server.url, USERS, {}, bearer(first.accessToken)))).toEqual(['FORBIDDEN']);
    const events = await auditLog(server.url, admin.tokens.accessToken, { userId, types: ['ROLE_CHANGED'] });
    expect(events.map((event) => event.actorId)).toEqual([admin.user.id, admin.user.id]);
  });

  it('revokes every session of a user and answers how many were live', async () => {
    const { userId, first, second } = await userWithTwoSessions(server);
    expect((await asAdmin(REVOKE_SESSIONS, { id: userId })).data?.revokeUserSessions).toBe(2);
    expect(codes(await postGraphQL(server.url, ME, {}, bearer(first.accessToken)))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await postGraphQL(server.url, REFRESH, { t: second.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect((await asAdmin(REVOKE_SESSIONS, { id: userId })).data?.revokeUserSessions).toBe(0);
    const [revoked] = await auditLog(server.url, admin.tokens.accessToken, { userId, types: ['SESSION_REVOKED'] });
    expect(revoked).toMatchObject({ actorId: admin.user.id, userId });
  });

  it('deletes an account with its sessions; a second delete, or any action on it, is BAD_USER_INPUT on id', async () => {
    const { identity, userId, first } = await userWithTwoSessions(server);
    expect((await asAdmin(DELETE_USER, { id: userId })).data?.deleteUser).toBe(true);
    expect(codes(await postGraphQL(server.url, ME, {}, bearer(first.accessToken)))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await login(server.url, identity.username, identity.password))).toEqual(['UNAUTHENTICATED']);
    for (const [query, variables] of [
      [DELETE_USER, { id: userId }],
      [SET_ACTIVE, { id: userId, active: false }],
      [SET_ROLE, { id: userId, role: 'ADMIN' }],
      [REVOKE_SESSIONS, { id: userId }],
      [DELETE_USER, { id: randomUUID() }],
      [DELETE_USER, { id: 'not-a-uuid' }],
    ] as const) {
      const response = await asAdmin(query, variables);
      expect(response.status).toBe(200);
      expect(failure(response)).toEqual({ code: 'BAD_USER_INPUT', fields: ['id'] });
    }
    const [deleted] = await auditLog(server.url, admin.tokens.accessToken, { types: ['ACCOUNT_DELETED'], first: 1 });
    expect(deleted).toMatchObject({ userId: null, actorId: admin.user.id });
  });

  it('answers FORBIDDEN to a user and UNAUTHENTICATED to no one, changing nothing', async () => {
    const { first } = await userWithTwoSessions(server);
    const id = admin.user.id;
    for (const [query, variables] of [
      [SET_ACTIVE, { id, active: false }],
      [SET_ROLE, { id, role: 'USER' }],
      [REVOKE_SESSIONS, { id }],
      [DELETE_USER, { id }],
    ] as const) {
      expect(codes(await postGraphQL(server.url, query, variables, bearer(first.accessToken)))).toEqual(['FORBIDDEN']);
      expect(codes(await postGraphQL(server.url, query, variables))).toEqual(['UNAUTHENTICATED']);
    }
    expect((await postGraphQL(server.url, ME, {}, bearer(admin.tokens.accessToken))).data?.me.role).toBe('ADMIN');
  });
});

describe('the last active admin', () => {
  it('can be neither demoted, deactivated nor deleted, by itself or anyone', async () => {
    const server = await startTestServer();
    try {
      const only = await signUpAdmin(server, 'only');
      const asOnly = (query: string, variables: Record<string, unknown>) =>
        postGraphQL(server.url, query, variables, bearer(only.tokens.accessToken));
      for (const [query, variables] of [
        [SET_ROLE, { id: only.user.id, role: 'USER' }],
        [SET_ACTIVE, { id: only.user.id, active: false }],
        [DELETE_USER, { id: only.user.id }],
      ] as const) {
        expect(failure(await asOnly(query, variables))).toEqual({ code: 'BAD_USER_INPUT', fields: ['id'] });
      }
      expect((await asOnly(ME, {})).data?.me.role).toBe('ADMIN');
      // Another active admin makes it possible.
      const second = await signUpAdmin(server, 'second');
      expect((await asOnly(SET_ROLE, { id: only.user.id, role: 'USER' })).data?.setUserRole.role).toBe('USER');
      expect(failure(await postGraphQL(server.url, SET_ROLE, { id: second.user.id, role: 'USER' }, bearer(second.tokens.accessToken)))).toEqual({
        code: 'BAD_USER_INPUT',
        fields: ['id'],
      });
    } finally {
      await server.stop();
    }
  });

  it('survives two admins demoting each other at the same moment: exactly one demotion succeeds', async () => {
    const server = await startTestServer();
    try {
      for (let round = 0; round < 3; round += 1) {
        const a = await signUpAdmin(server, `ra${round}`);
        const b = await signUpAdmin(server, `rb${round}`);
        // Only a and b are active admins now: demote every other one (from earlier rounds).
        const others = await server.app.orm.em.fork().find('User', { role: 'ADMIN', id: { $nin: [a.user.id, b.user.id] } });
        for (const other of others as Array<{ id: string }>) {
          await postGraphQL(server.url, SET_ROLE, { id: other.id, role: 'USER' }, bearer(a.tokens.accessToken));
        }
        const [byA, byB] = await Promise.all([
          postGraphQL(server.url, SET_ROLE, { id: b.user.id, role: 'USER' }, bearer(a.tokens.accessToken)),
          postGraphQL(server.url, SET_ROLE, { id: a.user.id, role: 'USER' }, bearer(b.tokens.accessToken)),
        ]);
        const outcomes = [byA, byB].map((response) => (response.data?.setUserRole ? 'demoted' : failure(response).code)).sort();
        // The loser is refused either as the last admin or because its caller was just demoted.
        expect(outcomes[0]).toMatch(/^(BAD_USER_INPUT|FORBIDDEN)$/);
        expect(outcomes[1]).toBe('demoted');
        const admins = await server.app.orm.em.fork().count('User', { role: 'ADMIN', isActive: true });
        expect(admins).toBe(1);
      }
    } finally {
      await server.stop();
    }
  });
});
