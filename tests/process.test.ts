import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { newIdentity } from './helpers/accounts.js';
import { LoginDocument, MeDocument, RefreshTokenDocument, RegisterDocument } from './helpers/operations.js';
import { runServerExpectingFailure, spawnServer } from './helpers/process.js';
import { TEST_JWT_SECRET } from './helpers/server.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloud-auth-process-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the server process', () => {
  it('answers GET /healthz with 200 once it serves', async () => {
    const dir = tempDir();
    const server = await spawnServer({ DATABASE_URL: `sqlite:${join(dir, 'auth.db')}`, JWT_SECRET: TEST_JWT_SECRET });
    try {
      const response = await fetch(server.url.replace('/graphql', '/healthz'));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });

  it('keeps every acknowledged registration and session after a SIGKILL in the middle of traffic', async () => {
    const dir = tempDir();
    const env = { DATABASE_URL: `sqlite:${join(dir, 'auth.db')}`, JWT_SECRET: TEST_JWT_SECRET };
    const first = await spawnServer(env);
    const acknowledged: Array<{ username: string; password: string; refreshToken: string }> = [];
    const client = new TestClient(first.url);

    // Four workers register and sign in until the process is killed (at most 40 users, 10 s each way).
    const deadline = Date.now() + 10_000;
    let killed = false;
    const worker = async () => {
      while (!killed && Date.now() < deadline && acknowledged.length < 40) {
        const identity = newIdentity('durable');
        try {
          await client.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } });
          const result = await client.run(LoginDocument, { input: { username: identity.username, password: identity.password } });
          if (result.data) acknowledged.push({ ...identity, refreshToken: result.data.login.refreshToken });
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    while (acknowledged.length < 12 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    killed = true;
    await Promise.all(workers);
    expect(await first.exited).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(12);

    const second = await spawnServer(env);
    try {
      const after = new TestClient(second.url);
      for (const user of acknowledged) {
        const refreshed = await after.run(RefreshTokenDocument, { refreshToken: user.refreshToken });
        expect(codesOf(refreshed)).toEqual([]);
        after.accessToken = expectData(refreshed).refreshToken.accessToken;
        expect(expectData(await after.run(MeDocument)).me.username).toBe(user.username);
      }
      const login = await after.run(LoginDocument, {
        input: { username: acknowledged[0].username, password: acknowledged[0].password },
      });
      expect(codesOf(login)).toEqual([]);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('generates a development JWT secret once, keeps it owner-readable and reuses it after a restart', async () => {
    const dir = tempDir();
    const env = { DATABASE_URL: `sqlite:${join(dir, 'auth.db')}`, NODE_ENV: 'development' };
    const first = await spawnServer(env);
    const identity = newIdentity('devsecret');
    let accessToken: string;
    try {
      expect(first.output()).toMatch(/JWT_SECRET is not set/);
      expect(first.output()).not.toContain(readFileSync(join(dir, 'jwt-secret'), 'utf8'));
      const client = new TestClient(first.url);
      await client.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } });
      accessToken = expectData(
        await client.run(LoginDocument, { input: { username: identity.username, password: identity.password } }),
      ).login.accessToken;
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);

    const second = await spawnServer(env);
    try {
      const client = new TestClient(second.url);
      client.accessToken = accessToken;
      expect(expectData(await client.run(MeDocument)).me.username).toBe(identity.username);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});

describe('invalid configuration', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['a short JWT_SECRET', { JWT_SECRET: 'too-short' }, /^Invalid configuration: JWT_SECRET must be at least 32 bytes$/],
    ['production without JWT_SECRET', { NODE_ENV: 'production' }, /^Invalid configuration: JWT_SECRET is required when NODE_ENV=production$/],
    ['a port that is not a number', { PORT: 'eighty' }, /^Invalid configuration: PORT /],
    ['an unknown database scheme', { DATABASE_URL: 'mysql://localhost/db' }, /^Invalid configuration: DATABASE_URL must be sqlite:<path> or postgres:/],
    ['a token lifetime that is not a duration', { ACCESS_TOKEN_TTL: 'soon' }, /^Invalid configuration: ACCESS_TOKEN_TTL "soon" is not a positive duration/],
  ];

  it.each(cases)('stops at start with one clear line for %s', async (_name, env, message) => {
    const dir = tempDir();
    const result = await runServerExpectingFailure({ DATABASE_URL: `sqlite:${join(dir, 'auth.db')}`, ...env });
    expect(result.code).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(dir, 'auth.db'))).toBe(false);
  });
});
