import { Agent, request } from 'node:http';
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

interface Answer {
  status: number;
  body: any;
  /** The answer's Connection header (keep-alive or close). */
  connection: string | undefined;
}

/** One POST through `agent`, which reuses kept-alive connections as browsers and HTTP clients do. */
function postThrough(agent: Agent, url: string, query: string, variables: Record<string, unknown> = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' }, timeout: 15_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), connection: res.headers.connection });
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

  it(
    'on SIGTERM keeps serving kept-alive clients for SHUTDOWN_DELAY with Connection: close and /readyz 503, loses no request and exits 0 (5 rounds)',
    async () => {
      const SOCKETS = 12;
      for (let round = 1; round <= 5; round += 1) {
        server = await spawnServer({ SHUTDOWN_DELAY: '1', RATE_LIMIT_ENABLED: 'false' });
        const identity = newIdentity(`delay${round}`);
        await postGraphQL(server.url, REGISTER, { input: { ...identity, passwordConfirm: identity.password } });
        const agent = new Agent({ keepAlive: true, maxSockets: 2 * SOCKETS });
        try {
          // Kept-alive connections the client will reuse, as a load balancer or an app does.
          const warmUp = await Promise.all(Array.from({ length: SOCKETS }, () => postThrough(agent, server!.url, '{ __typename }')));
          expect(warmUp.every((answer) => answer.connection === 'keep-alive')).toBe(true);
          const login = () => postThrough(agent, server!.url, LOGIN, { input: { username: identity.username, password: GOOD_PASSWORD } });

          // Logins sent 60 ms before SIGTERM, and more sent while the instance pauses (a balancer
          // that has not yet seen /readyz turn 503).
          const before = Promise.allSettled(Array.from({ length: SOCKETS }, login));
          await new Promise((resolve) => setTimeout(resolve, 60));
          const signalled = Date.now();
          server.child.kill('SIGTERM');
          await new Promise((resolve) => setTimeout(resolve, 300));
          // (A 503 at all shows the pause: once it ends, connections are refused.)
          const [readiness, during] = await Promise.all([
            fetch(`${server.origin}/readyz`, { signal: AbortSignal.timeout(5_000) }).then(
              async (response) => ({ status: response.status, body: await response.json() }),
              (error: Error) => ({ status: 0, body: String(error.cause ?? error) }),
            ),
            Promise.allSettled(Array.from({ length: 4 }, login)),
          ]);

          const answers = [...(await before), ...during];
          const failed = answers.flatMap((a) =>
            a.status === 'rejected' ? [String(a.reason)] : a.value.status !== 200 || !a.value.body.data?.login ? [JSON.stringify(a.value)] : [],
          );
          expect(failed, `round ${round}`).toEqual([]);
          expect(readiness).toMatchObject({ status: 503, body: { status: 'draining' } });
          expect(during.map((a) => a.status === 'fulfilled' && a.value.connection)).toEqual(['close', 'close', 'close', 'close']);
          expect(await server.exited).toBe(0);
          // It stopped accepting only after the pause.
          expect(Date.now() - signalled).toBeGreaterThanOrEqual(1_000);
          expect(server.output()).toContain('stopped: requests drained, database closed');
        } finally {
          agent.destroy();
          await server.stop();
          server = undefined;
        }
      }
    },
    120_000,
  );

  it('logs one JSON line per GraphQL request with request id, operation, duration and outcome, and never a password, token or secret', async () => {
    server = await spawnServer({ REFRESH_REUSE_INTERVAL: '0' });
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
    expect(lines.some((line) => line.securityEvent === 'REFRESH_TOKEN_REUSED' && line.level === 40)).toBe(true);
  });
});
