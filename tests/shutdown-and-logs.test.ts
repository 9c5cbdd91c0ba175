import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, newIdentity } from './helpers/accounts.js';
import { bearer, postGraphQL } from './helpers/http.js';
import { spawnServer, type SpawnedServer } from './helpers/spawned-server.js';
import { TEST_JWT_SECRET } from './helpers/server.js';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { id } }`;
const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { accessToken refreshToken user { id } } }`;

/** One POST on a connection of its own (no keep-alive), so that each request is in flight on its own socket. */
function postOnOwnConnection(url: string, query: string, variables: Record<string, unknown>) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' }, timeout: 15_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        } catch (error) {
          reject(error);
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(JSON.stringify({ query, variables }));
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the server process', () => {
  let server: SpawnedServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('on SIGTERM finishes every in-flight request, closes the database and exits 0', async () => {
    // Throttling off: 24 concurrent logins of one account would (rightly) trip the account limit.
    server = await spawnServer({ LOG_LEVEL: 'debug', RATE_LIMIT_ENABLED: 'false' });
    const identity = newIdentity('drain');
    await postGraphQL(server.url, REGISTER, { input: { ...identity, passwordConfirm: identity.password } });

    // A bounded burst of logins (each costs an argon2 verify, so they queue for a while).
    const inFlight = Array.from({ length: 24 }, () =>
      postOnOwnConnection(server!.url, LOGIN, { input: { username: identity.username, password: GOOD_PASSWORD } }),
    );
    let answered = 0;
    for (const attempt of inFlight) attempt.then(() => (answered += 1), () => {});
    // SIGTERM once the server has started every one of them (a busy server may take a while to
    // accept them all; a connection it never accepted is not in flight), while most still run.
    await waitFor(() => server!.output().split('graphql request started').length - 1 >= inFlight.length + 1);
    server.child.kill('SIGTERM');
    expect(answered).toBeLessThan(inFlight.length);

    const results = await Promise.allSettled(inFlight);
    const failed = results.filter((r) => r.status === 'rejected' || r.value.status !== 200 || !r.value.body.data?.login);
    expect(failed).toEqual([]);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('stopped: requests drained, database closed');
    await expect(postOnOwnConnection(server.url, LOGIN, { input: identity })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('logs one JSON line per GraphQL request with request id, operation, duration and outcome, and never a password, token or secret', async () => {
    server = await spawnServer();
    const identity = newIdentity('logs');
    const requestId = 'journey-request-7f3a';

    await postGraphQL(server.url, REGISTER, { input: { ...identity, passwordConfirm: identity.password } }, { 'x-request-id': requestId });
    const wrong = await postGraphQL(server.url, LOGIN, { input: { username: identity.username, password: 'Wrong-password-123' } });
    expect(wrong.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const login = (await postGraphQL(server.url, LOGIN, { input: { username: identity.username, password: identity.password } }))
      .data!.login;
    await postGraphQL(server.url, `query { me { id } }`, {}, bearer(login.accessToken));
    const refreshed = (
      await postGraphQL(server.url, `mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }`, {
        t: login.refreshToken,
      })
    ).data!.refreshToken;
    // Reuse of the rotated token: logged as an event, with the session id only.
    await postGraphQL(server.url, `mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`, { t: login.refreshToken });
    await postGraphQL(server.url, `mutation ($t: String!) { verifyToken(token: $t) { valid } }`, { t: refreshed.accessToken });
    await postGraphQL(server.url, `mutation ($t: String!) { logout(refreshToken: $t) }`, { t: refreshed.refreshToken });
    await server.stop();

    const log = server.output();
    for (const secret of [
      identity.password,
      'Wrong-password-123',
      login.accessToken,
      login.refreshToken,
      refreshed.accessToken,
      refreshed.refreshToken,
      TEST_JWT_SECRET,
    ]) {
      expect(log).not.toContain(secret);
    }
    // No fragment of a JWT either (its signature part is the secret-bearing bit).
    expect(log).not.toContain(login.accessToken.split('.')[2]);

    const lines = log.trim().split('\n').map((line) => JSON.parse(line));
    const requests = lines.filter((line) => line.msg === 'graphql request');
    expect(requests.map((line) => `${line.operation}:${line.outcome}`)).toEqual([
      'register:success',
      'login:UNAUTHENTICATED',
      'login:success',
      'me:success',
      'refreshToken:success',
      'refreshToken:UNAUTHENTICATED',
      'verifyToken:success',
      'logout:success',
    ]);
    for (const line of requests) {
      expect(line.requestId).toMatch(/\S/);
      expect(typeof line.durationMs).toBe('number');
      expect(line.level).toBe(30);
    }
    expect(requests[0].requestId).toBe(requestId);
    expect(new Set(requests.map((line) => line.requestId)).size).toBe(requests.length);
    expect(lines.some((line) => line.event === 'refresh_token_reuse')).toBe(true);
  });
});
