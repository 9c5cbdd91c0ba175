import type { EntityManager as SqlEntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../src/app.js';
import { TokenService } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import { migrationsList } from '../src/db/migrations/index.js';
import { createLogger } from '../src/logger.js';
import { newIdentity, signUpAndLogIn } from './helpers/accounts.js';
import { createTestDatabase, onPostgres } from './helpers/database.js';
import { bearer, errorCodes, postGraphQL } from './helpers/http.js';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from './helpers/server.js';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { id } }`;
const REFRESH = `mutation ($t: String!) { refreshToken(refreshToken: $t) { refreshToken } }`;

describe('on either database (TEST_DATABASE=postgres runs this on PostgreSQL)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('makes exactly one user of several registrations of one username racing each other', async () => {
    const identity = newIdentity('race');
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        postGraphQL(server.url, REGISTER, {
          input: { ...identity, email: `race${i}.${identity.email}`, passwordConfirm: identity.password },
        }),
      ),
    );
    expect(attempts.filter((a) => a.data?.register).length).toBe(1);
    const losers = attempts.filter((a) => !a.data?.register);
    expect(losers.map((a) => errorCodes(a)[0])).toEqual(Array(5).fill('BAD_USER_INPUT'));
    for (const loser of losers) expect(loser.errors![0].extensions!.fieldErrors.username).toBeDefined();
  });

  it('gives new tokens to exactly one of several concurrent refreshes of one token', async () => {
    const { tokens } = await signUpAndLogIn(server.url, 'cas');
    const attempts = await Promise.all(Array.from({ length: 6 }, () => postGraphQL(server.url, REFRESH, { t: tokens.refreshToken })));
    expect(attempts.filter((a) => a.data?.refreshToken).length).toBe(1);
    expect(attempts.filter((a) => errorCodes(a)[0] === 'UNAUTHENTICATED').length).toBe(5);
  });

  it('answers a session id that is not a UUID as "not found", without querying with it', async () => {
    const { tokens } = await signUpAndLogIn(server.url, 'notuuid');
    const response = await postGraphQL(server.url, `mutation { revokeSession(id: "not-a-uuid'; --") }`, {}, bearer(tokens.accessToken));
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  });

  it('treats a correctly signed token whose ids are not UUIDs as no token at all', async () => {
    const tokens = new TokenService({
      secret: TEST_JWT_SECRET,
      issuer: 'cloud-auth',
      audience: 'cloud-auth',
      accessTtlSeconds: 300,
      refreshTtlSeconds: 3600,
    });
    const forged = tokens.sign('access', { userId: 'admin', sessionId: '1 or 1=1' }).token;
    const response = await postGraphQL(server.url, `query { me { id } }`, {}, bearer(forged));
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
  });
});

describe.runIf(onPostgres)('on PostgreSQL', () => {
  it('creates uuid and timestamptz columns from the knex-built migrations', async () => {
    const server = await startTestServer();
    try {
      const knex = (server.app.orm.em as unknown as SqlEntityManager).getKnex();
      const columns: Array<{ table_name: string; column_name: string; data_type: string }> = await knex('information_schema.columns')
        .select('table_name', 'column_name', 'data_type')
        .where({ table_schema: 'public' })
        .whereIn('table_name', ['users', 'sessions']);
      const typeOf = (table: string, column: string) =>
        columns.find((c) => c.table_name === table && c.column_name === column)?.data_type;
      expect(typeOf('users', 'id')).toBe('uuid');
      expect(typeOf('sessions', 'user_id')).toBe('uuid');
      expect(typeOf('users', 'date_joined')).toBe('timestamp with time zone');
      expect(typeOf('sessions', 'expires_at')).toBe('timestamp with time zone');
      expect(typeOf('users', 'is_active')).toBe('boolean');
    } finally {
      await server.stop();
    }
  });

  it('lets several instances start at once on a new database: one migrates, the others wait', async () => {
    const database = await createTestDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: database.url,
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'silent',
    });
    const started = await Promise.allSettled([1, 2, 3].map(() => startApp(config, createLogger('silent'))));
    try {
      expect(started.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const [first] = started as Array<PromiseFulfilledResult<Awaited<ReturnType<typeof startApp>>>>;
      const knex = (first.value.orm.em as unknown as SqlEntityManager).getKnex();
      const applied = await knex('mikro_orm_migrations').select('name');
      expect(applied.map((row: { name: string }) => row.name)).toEqual(migrationsList.map((m) => m.name));
      for (const instance of started) {
        if (instance.status === 'fulfilled') expect((await fetch(`${instance.value.origin}/readyz`)).status).toBe(200);
      }
    } finally {
      for (const instance of started) if (instance.status === 'fulfilled') await instance.value.stop();
      await database.drop();
    }
  });
});
