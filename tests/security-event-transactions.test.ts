import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newIdentity } from './helpers/accounts.js';
import { onPostgres } from './helpers/database.js';
import { sql } from './helpers/events.js';
import { codes, login } from './helpers/hardening.js';
import { bearer, postGraphQL } from './helpers/http.js';
import { signUpAdmin } from './helpers/lifecycle.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { id } }';
const CHANGE_PASSWORD = `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken } }`;
const SET_ROLE = `mutation ($id: ID!, $role: Role!) { setUserRole(id: $id, role: $role) { role } }`;
const NEW_PASSWORD = 'amber-Harbour-62-lantern';

/** Makes every INSERT of a security event of `type` fail: a failure injected after the change it records. */
async function failEventsOfType(server: TestServer, type: string): Promise<() => Promise<void>> {
  const name = `fail_${type.toLowerCase()}`;
  if (onPostgres) {
    await sql(server, `create or replace function ${name}() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`);
    await sql(server, `create trigger ${name} before insert on security_events for each row when (new.type = '${type}') execute function ${name}()`);
    return async () => {
      await sql(server, `drop trigger ${name} on security_events`);
    };
  }
  await sql(server, `create trigger ${name} before insert on security_events when new.type = '${type}' begin select raise(abort, 'injected failure'); end`);
  return async () => {
    await sql(server, `drop trigger ${name}`);
  };
}

/** Registered over HTTP; returns the credentials and id. */
async function registered(server: TestServer) {
  const identity = newIdentity('evtx');
  const response = await postGraphQL(server.url, REGISTER, { input: { ...identity, passwordConfirm: identity.password } });
  return { identity, userId: response.data!.register.id as string };
}

const eventsOf = async (server: TestServer, userId: string, type: string) =>
  Number((await sql(server, 'select count(*) as n from security_events where user_id = ? and type = ?', [userId, type]))[0].n);

describe('an event and the change it records are written together or not at all', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => server.stop());

  it("leaves no session, no lastLogin and no event when the SIGNED_IN row fails (login's own raw transaction)", async () => {
    const { identity, userId } = await registered(server);
    const restore = await failEventsOfType(server, 'SIGNED_IN');
    try {
      expect(codes(await login(server.url, identity.username, identity.password))).toEqual(['INTERNAL_SERVER_ERROR']);
    } finally {
      await restore();
    }
    expect(Number((await sql(server, 'select count(*) as n from sessions where user_id = ?', [userId]))[0].n)).toBe(0);
    expect((await sql(server, 'select last_login from users where id = ?', [userId]))[0].last_login).toBeNull();
    expect(await eventsOf(server, userId, 'SIGNED_IN')).toBe(0);
    // Without the injected failure the same login works, and writes both.
    expect((await login(server.url, identity.username, identity.password)).data?.login).toBeTruthy();
    expect(await eventsOf(server, userId, 'SIGNED_IN')).toBe(1);
  });

  it('keeps the old password and the other sessions when the PASSWORD_CHANGED row fails', async () => {
    const { identity, userId } = await registered(server);
    const signedIn = (await login(server.url, identity.username, identity.password)).data!.login;
    const other = (await login(server.url, identity.username, identity.password)).data!.login;
    const restore = await failEventsOfType(server, 'PASSWORD_CHANGED');
    try {
      const input = { currentPassword: identity.password, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD };
      expect(codes(await postGraphQL(server.url, CHANGE_PASSWORD, { input }, bearer(signedIn.accessToken)))).toEqual(['INTERNAL_SERVER_ERROR']);
    } finally {
      await restore();
    }
    expect((await login(server.url, identity.username, identity.password)).data?.login).toBeTruthy();
    expect(codes(await login(server.url, identity.username, NEW_PASSWORD))).toEqual(['UNAUTHENTICATED']);
    expect((await postGraphQL(server.url, 'query { me { id } }', {}, bearer(other.accessToken))).data?.me.id).toBe(userId);
    expect(await eventsOf(server, userId, 'PASSWORD_CHANGED')).toBe(0);
  });

  it("keeps the account's role when the ROLE_CHANGED row fails (an admin's change)", async () => {
    const admin = await signUpAdmin(server);
    const { userId } = await registered(server);
    const restore = await failEventsOfType(server, 'ROLE_CHANGED');
    try {
      const response = await postGraphQL(server.url, SET_ROLE, { id: userId, role: 'ADMIN' }, bearer(admin.tokens.accessToken));
      expect(codes(response)).toEqual(['INTERNAL_SERVER_ERROR']);
    } finally {
      await restore();
    }
    expect((await sql(server, 'select role from users where id = ?', [userId]))[0].role).toBe('USER');
    expect(await eventsOf(server, userId, 'ROLE_CHANGED')).toBe(0);
  });

  it('writes no ACCOUNT_CREATED row when the registration itself fails (a taken username)', async () => {
    const { identity, userId } = await registered(server);
    const again = await postGraphQL(server.url, REGISTER, {
      input: { ...identity, email: `other.${identity.email}`, passwordConfirm: identity.password },
    });
    expect(codes(again)).toEqual(['BAD_USER_INPUT']);
    expect(Number((await sql(server, "select count(*) as n from security_events where type = 'ACCOUNT_CREATED'"))[0].n)).toBe(
      Number((await sql(server, 'select count(*) as n from users'))[0].n),
    );
    expect(await eventsOf(server, userId, 'ACCOUNT_CREATED')).toBe(1);
  });
});
