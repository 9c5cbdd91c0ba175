import type { EntityManager as SqlEntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../src/tokens/tokens.js';
import { migrationsList } from '../src/db/migrations/index.js';
import { newIdentity, signUpAndLogIn } from './helpers/accounts.js';
import { onPostgres } from './helpers/database.js';
import { bearer, errorCodes, postGraphQL } from './helpers/http.js';
import { startCluster } from './helpers/instances.js';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from './helpers/server.js';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { id } }`;
const REFRESH = `mutation ($t: String!) { refreshToken(refreshToken: $t) { refreshToken } }`;

describe('on either database (TEST_DATABASE=postgres runs this on PostgreSQL)', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Strict reuse detection, so that exactly one of concurrent refreshes wins.
    server = await startTestServer({ REFRESH_REUSE_INTERVAL: '0' });
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
      sessionMaxLifetimeSeconds: 86400,
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
    const cluster = await startCluster(3); // started at once; throws if any failed
    try {
      const knex = (cluster.instances[0].orm.em as unknown as SqlEntityManager).getKnex();
      const applied = await knex('mikro_orm_migrations').select('name');
      expect(applied.map((row: { name: string }) => row.name)).toEqual(migrationsList.map((m) => m.name));
      for (const instance of cluster.instances) expect((await fetch(`${instance.origin}/readyz`)).status).toBe(200);
    } finally {
      await cluster.stop();
    }
  });
});
