import type { EntityManager as SqlEntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpAndLogIn } from './helpers/accounts.js';
import { postGraphQL } from './helpers/http.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { accessToken } }`;
const REFRESH = `mutation ($t: String!) { refreshToken(refreshToken: $t) { refreshToken } }`;

/** The value of one sample of a Prometheus text exposition, e.g. `cloud_auth_logins_total{outcome="failed"}`. */
function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((text) => text.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('health and readiness', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('answers /healthz with 200 while the process serves', async () => {
    const response = await fetch(`${server.origin}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 when the database is reachable and every migration is applied', async () => {
    const response = await fetch(`${server.origin}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', database: 'ok', migrations: 'ok' });
  });

  it('answers /readyz with 503 when a migration is missing from the database', async () => {
    const knex = (server.app.orm.em as unknown as SqlEntityManager).getKnex();
    const [row] = await knex('mikro_orm_migrations').select('id', 'name').limit(1);
    await knex('mikro_orm_migrations').where({ id: row.id }).delete();
    try {
      const response = await fetch(`${server.origin}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable', database: 'ok', migrations: 'pending' });
    } finally {
      await knex('mikro_orm_migrations').insert({ name: row.name });
    }
    expect((await fetch(`${server.origin}/readyz`)).status).toBe(200);
  });
});

describe('readiness without a database', () => {
  it('answers /readyz with 503 once the database cannot be reached', async () => {
    const server = await startTestServer();
    try {
      await server.app.orm.close(true);
      const response = await fetch(`${server.origin}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable', database: 'unreachable', migrations: 'unknown' });
    } finally {
      await server.stop();
    }
  });
});

describe('request ids', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const ask = (headers: Record<string, string> = {}) =>
    fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ __typename }' }),
    });

  it('returns the X-Request-Id the client sent', async () => {
    expect((await ask({ 'x-request-id': 'abc-123.def:9' })).headers.get('x-request-id')).toBe('abc-123.def:9');
  });

  it('generates a request id when the client sends none or an unusable one', async () => {
    const generated = (await ask()).headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    const replaced = (await ask({ 'x-request-id': 'has spaces and "quotes"' })).headers.get('x-request-id');
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('Prometheus metrics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ METRICS_PORT: '0', REFRESH_REUSE_INTERVAL: '0' });
  });
  afterAll(() => server.stop());

  const scrape = async () => {
    const response = await fetch(`${server.app.metricsServer!.origin}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    return response.text();
  };

  it('are served on the metrics listener, bound to loopback, and not on the public port', async () => {
    expect(server.app.metricsServer!.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${server.origin}/metrics`)).status).toBe(404);
  });

  it('count requests by operation and outcome, logins, refresh reuse and active sessions', async () => {
    const { identity, tokens } = await signUpAndLogIn(server.url, 'metrics');
    await postGraphQL(server.url, LOGIN, { input: { username: identity.username, password: 'Not-the-password-1' } });
    const rotated = await postGraphQL(server.url, REFRESH, { t: tokens.refreshToken });
    expect(rotated.data?.refreshToken).toBeTruthy();
    await postGraphQL(server.url, REFRESH, { t: tokens.refreshToken }); // reuse: the session is revoked
    const second = await postGraphQL(server.url, LOGIN, { input: { username: identity.username, password: identity.password } });
    expect(second.data?.login).toBeTruthy();

    const metrics = await scrape();
    expect(sample(metrics, 'cloud_auth_graphql_requests_total{operation="register",outcome="success"}')).toBe(1);
    expect(sample(metrics, 'cloud_auth_graphql_requests_total{operation="login",outcome="success"}')).toBe(2);
    expect(sample(metrics, 'cloud_auth_graphql_requests_total{operation="login",outcome="UNAUTHENTICATED"}')).toBe(1);
    expect(sample(metrics, 'cloud_auth_graphql_request_duration_seconds_count{operation="login",outcome="success"}')).toBe(2);
    expect(sample(metrics, 'cloud_auth_logins_total{outcome="succeeded"}')).toBe(2);
    expect(sample(metrics, 'cloud_auth_logins_total{outcome="failed"}')).toBe(1);
    expect(sample(metrics, 'cloud_auth_logins_total{outcome="throttled"}')).toBe(0);
    expect(sample(metrics, 'cloud_auth_refresh_token_reuse_total')).toBe(1);
    // The first session was revoked by the reuse; the second login's session is live.
    expect(sample(metrics, 'cloud_auth_active_sessions')).toBe(1);
  });

  it('name operations by their root field, never by a client-chosen name', async () => {
    await postGraphQL(server.url, `query AnyNameAtAll { __typename }`);
    await postGraphQL(server.url, `{ me { id } sessions { id } }`);
    await postGraphQL(server.url, `{ this is not graphql`);
    const metrics = await scrape();
    expect(metrics).not.toContain('AnyNameAtAll');
    expect(sample(metrics, 'cloud_auth_graphql_requests_total{operation="multiple",outcome="UNAUTHENTICATED"}')).toBe(1);
    expect(sample(metrics, 'cloud_auth_graphql_requests_total{operation="invalid",outcome="GRAPHQL_PARSE_FAILED"}')).toBe(1);
  });
});

describe('metrics by default', () => {
  it('are off unless METRICS_PORT is set', async () => {
    const server = await startTestServer();
    try {
      expect(server.app.metricsServer).toBeUndefined();
      expect((await fetch(`${server.origin}/metrics`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
