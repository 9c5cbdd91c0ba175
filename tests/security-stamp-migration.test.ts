import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../src/app.js';
import { ormOptions } from '../src/db/orm.js';
import { createLogger } from '../src/logger.js';
import { hashPassword } from '../src/password/passwords.js';
import { GOOD_PASSWORD } from './helpers/accounts.js';
import { createTestDatabase, onPostgres, type TestDatabase } from './helpers/database.js';
import { ownEvents } from './helpers/events.js';
import { bearer, errorCodes, postGraphQL } from './helpers/http.js';
import { testConfig } from './helpers/server.js';

/**
 * Upgrading a database made before the security stamp (Migration20261202000000_security_stamp).
 * On SQLite it rebuilds the users table, which sessions and one-time tokens reference with ON
 * DELETE CASCADE: with foreign keys enforced during the rebuild, every session and token would
 * be deleted. The data is written with the schema as it was, then the real server starts on it.
 */

const BEFORE = 'Migration20261201010000_session_rotation_grace';
const NEW_PASSWORD = 'amber-Harbour-62-lantern';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** What one-time tokens carried before the migration. */
const passwordStamp = (hash: string) => sha256(`password-stamp:${hash}`);

const LOGIN = 'mutation ($i: LoginInput!) { login(input: $i) { accessToken } }';
const RESET = 'mutation ($i: ResetPasswordInput!) { resetPassword(input: $i) }';
const ACTIVATE = 'mutation ($t: String!) { activateAccount(token: $t) }';
const DELETE_ME = 'mutation ($p: String!) { deleteMe(currentPassword: $p) }';

describe('the security-stamp migration on a database in use', () => {
  let database: TestDatabase;
  let app: App;
  const alice = { id: randomUUID(), username: 'alice', email: 'alice@example.com' };
  const bob = { id: randomUUID(), username: 'bob', email: 'bob@example.com' };
  const sessionId = randomUUID();
  const eventId = randomUUID();
  const resetToken = randomBytes(32).toString('base64url');
  const staleToken = randomBytes(32).toString('base64url');
  const knexOf = (orm: MikroORM) => (orm.em as unknown as SqlEntityManager).getKnex();

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url);
    const old = await MikroORM.init(ormOptions(config.database));
    try {
      await old.getMigrator().up({ to: BEFORE });
      const knex = knexOf(old);
      const date = (at: Date) => old.em.getPlatform().processDateProperty(at);
      const now = new Date();
      const hour = (hours: number) => date(new Date(now.getTime() + hours * 3_600_000));
      const hash = await hashPassword(GOOD_PASSWORD);
      const user = (who: typeof alice) => ({
        ...who,
        username_key: who.username,
        email_key: who.email,
        password_hash: hash,
        role: 'USER',
        is_active: true,
        date_joined: date(now),
        last_login: date(now),
      });
      await knex('users').insert([user(alice), user(bob)]);
      await knex('sessions').insert({
        id: sessionId,
        user_id: alice.id,
        created_at: date(now),
        last_used_at: date(now),
        expires_at: hour(24),
        current_token_id: randomUUID(),
        auth_methods: 'PASSWORD',
        assurance_level: 1,
        authenticated_at: date(now),
      });
      const token = (value: string, purpose: string, stamp: string) => ({
        id: randomUUID(),
        user_id: alice.id,
        purpose,
        token_hash: sha256(value),
        password_stamp: stamp,
        created_at: date(now),
        expires_at: hour(1),
      });
      await knex('one_time_tokens').insert([
        token(resetToken, 'password_reset', passwordStamp(hash)),
        // Issued under an earlier password: dead before the upgrade, and it must stay dead.
        token(staleToken, 'activation', passwordStamp('$argon2id$an-earlier-password')),
      ]);
      await knex('security_events').insert({ id: eventId, type: 'SIGNED_IN', at: date(now), user_id: alice.id, session_id: sessionId });
    } finally {
      await old.close();
    }
    app = await startApp(config, createLogger('silent'));
  });
  afterAll(async () => {
    await app?.stop();
    await database.drop();
  });

  const url = () => `${app.origin}/graphql`;
  const count = async (table: string, where: Record<string, string>) =>
    Number((await knexOf(app.orm)(table).where(where).count({ n: '*' }))[0].n);

  it('keeps every account, session, one-time token and security event', async () => {
    expect(await count('users', {})).toBe(2);
    expect(await count('sessions', { id: sessionId })).toBe(1);
    expect(await count('one_time_tokens', { token_hash: sha256(resetToken) })).toBe(1);
    expect(await count('security_events', { id: eventId })).toBe(1);
  });

  it('gives each account a random security stamp of its own', async () => {
    const stamps = (await knexOf(app.orm)('users').select('security_stamp')).map((row: { security_stamp: string }) => row.security_stamp);
    expect(stamps).toHaveLength(2);
    for (const stamp of stamps) expect(stamp).toMatch(/^[0-9a-f]{64}$/);
    expect(stamps[0]).not.toBe(stamps[1]);
  });

  it('rebuilds the users indexes as the first migration made them', async () => {
    const knex = knexOf(app.orm);
    let indexes: Array<{ name: string; unique: boolean; columns: string[] }>;
    if (onPostgres) {
      const rows = (await knex.raw(
        `select i.relname as name, x.indisunique as "unique", array_agg(a.attname::text order by a.attnum) as columns
           from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
           join pg_attribute a on a.attrelid = t.oid and a.attnum = any(x.indkey)
          where t.relname = 'users' and not x.indisprimary group by i.relname, x.indisunique`,
      )).rows;
      indexes = rows.map((row: { name: string; unique: boolean; columns: string[] }) => ({ ...row }));
    } else {
      const list: Array<{ name: string; unique: number; origin: string }> = await knex.raw(`pragma index_list('users')`);
      indexes = [];
      for (const index of list.filter((row) => row.origin === 'c')) {
        const info: Array<{ name: string }> = await knex.raw(`pragma index_info('${index.name}')`);
        indexes.push({ name: index.name, unique: index.unique === 1, columns: info.map((column) => column.name) });
      }
    }
    expect(indexes.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'users_date_joined_index', unique: false, columns: ['date_joined'] },
      { name: 'users_email_key_unique', unique: true, columns: ['email_key'] },
      { name: 'users_username_key_unique', unique: true, columns: ['username_key'] },
    ]);
  });

  it('keeps the session signed in and its security events listed', async () => {
    const { token } = app.services.tokens.sign('access', { userId: alice.id, sessionId });
    const me = await postGraphQL(url(), 'query { me { username } }', {}, bearer(token));
    expect(me.data?.me.username).toBe('alice');
    expect((await ownEvents(url(), token)).map((event) => [event.id, event.sessionId])).toContainEqual([eventId, sessionId]);
  });

  it('keeps a reset link that was valid working, and a dead one dead', async () => {
    expect(errorCodes(await postGraphQL(url(), ACTIVATE, { t: staleToken }))).toEqual(['BAD_USER_INPUT']);
    expect(await count('one_time_tokens', { token_hash: sha256(staleToken) })).toBe(0);

    const reset = await postGraphQL(url(), RESET, { i: { token: resetToken, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD } });
    expect(reset.data?.resetPassword).toBe(true);
    expect((await postGraphQL(url(), LOGIN, { i: { username: 'alice', password: NEW_PASSWORD } })).data?.login.accessToken).toBeTruthy();
  });

  it("still takes the previous version's writes (a rolling upgrade on PostgreSQL): an account without a stamp gets a random one", async () => {
    const knex = knexOf(app.orm);
    const date = app.orm.em.getPlatform().processDateProperty(new Date());
    const carol = { id: randomUUID(), username: 'carol', username_key: 'carol', email: 'carol@example.com', email_key: 'carol@example.com' };
    await knex('users').insert({ ...carol, password_hash: await hashPassword(GOOD_PASSWORD), role: 'USER', is_active: true, date_joined: date });
    const [{ security_stamp: stamp }] = await knex('users').where({ id: carol.id }).select('security_stamp');
    expect(stamp).toMatch(/^[0-9a-f]{64}$/);
    if (onPostgres) {
      // The previous version issues tokens with a password stamp only; the new one refuses them (no security stamp).
      const token = randomBytes(32).toString('base64url');
      await knex('one_time_tokens').insert({
        id: randomUUID(),
        user_id: carol.id,
        purpose: 'password_reset',
        token_hash: sha256(token),
        password_stamp: 'f'.repeat(64),
        created_at: date,
        expires_at: app.orm.em.getPlatform().processDateProperty(new Date(Date.now() + 3_600_000)),
      });
      const reset = await postGraphQL(url(), RESET, { i: { token, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD } });
      expect(errorCodes(reset)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('keeps the password of an account and enforces the foreign keys again (deleting it deletes its sessions)', async () => {
    const login = await postGraphQL(url(), LOGIN, { i: { username: 'bob', password: GOOD_PASSWORD } });
    const accessToken = login.data?.login.accessToken as string;
    expect(accessToken).toBeTruthy();
    expect(await count('sessions', { user_id: bob.id })).toBe(1);
    expect((await postGraphQL(url(), DELETE_ME, { p: GOOD_PASSWORD }, bearer(accessToken))).data?.deleteMe).toBe(true);
    expect(await count('sessions', { user_id: bob.id })).toBe(0);
  });
});
