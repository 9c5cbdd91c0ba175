import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { newIdentity } from './helpers/accounts.js';
import { LoginDocument, MeDocument, RefreshTokenDocument, RegisterDocument } from './helpers/operations.js';
import { runServerExpectingFailure, spawnServer } from './helpers/process.js';
import { TEST_JWT_SECRET } from './helpers/server.js';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

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

describe('files that hold secrets', () => {
  it('creates the data folder 700 and the SQLite database with its -wal and -shm files 600, whatever the umask', async () => {
    const dir = join(tempDir(), 'data');
    const file = join(dir, 'auth.db');
    // The umask the server inherits: 000 would leave SQLite's own default (644) and mkdir's (777) as they are.
    const umask = process.umask(0);
    let starting: ReturnType<typeof spawnServer>;
    try {
      starting = spawnServer({ DATABASE_URL: `sqlite:${file}`, JWT_SECRET: TEST_JWT_SECRET });
    } finally {
      process.umask(umask);
    }
    const server = await starting;
    try {
      expect((await fetch(server.url.replace('/graphql', '/healthz'))).status).toBe(200);
      expect(modeOf(dir)).toBe('700');
      for (const path of [file, `${file}-wal`, `${file}-shm`]) expect([path, modeOf(path)]).toEqual([path, '600']);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });

  it('refuses to start, in one line, when the development jwt-secret file is readable or writable by others', async () => {
    for (const mode of [0o644, 0o620, 0o604]) {
      const dir = tempDir();
      const secretFile = join(dir, 'jwt-secret');
      writeFileSync(secretFile, 'a-development-secret-kept-from-an-earlier-start');
      chmodSync(secretFile, mode);
      const result = await runServerExpectingFailure({ DATABASE_URL: `sqlite:${join(dir, 'auth.db')}`, NODE_ENV: 'development' });
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toEqual([
        `cloud-auth failed to start: ${secretFile} is readable or writable by group or others (mode ${mode.toString(8)}): run chmod 600 ${secretFile}, or set JWT_SECRET`,
      ]);
      expect(result.stdout).not.toContain('a-development-secret');
      expect(existsSync(join(dir, 'auth.db'))).toBe(false);
    }
  });
});

describe('risky production settings', () => {
  it('warns at start when RATE_LIMIT_ENABLED=false in production', async () => {
    const dir = tempDir();
    const server = await spawnServer({
      DATABASE_URL: `sqlite:${join(dir, 'auth.db')}`,
      NODE_ENV: 'production',
      JWT_SECRET: TEST_JWT_SECRET,
      RATE_LIMIT_ENABLED: 'false',
      SHUTDOWN_DELAY: '0',
    });
    try {
      const lines = server.output().trim().split('\n').map((line) => JSON.parse(line));
      const warning = lines.find((line) => line.setting === 'RATE_LIMIT_ENABLED');
      expect(warning).toMatchObject({ level: 40, msg: expect.stringMatching(/^RATE_LIMIT_ENABLED=false in production: .*not throttled/) });
      // Logged before the server serves, so that it is next to the start in every log.
      expect(lines.indexOf(warning)).toBeLessThan(lines.findIndex((line) => line.msg === 'cloud-auth is serving'));
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });
});

describe('invalid configuration', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['a short JWT_SECRET', { JWT_SECRET: 'too-short' }, /^Invalid configuration: JWT_SECRET must be at least 32 bytes$/],
    ['production without JWT_SECRET', { NODE_ENV: 'production' }, /^Invalid configuration: JWT_SECRET is required when NODE_ENV=production$/],
    [
      'a predictable JWT_SECRET in production',
      { NODE_ENV: 'production', JWT_SECRET: 'a'.repeat(32) },
      /^Invalid configuration: JWT_SECRET is too predictable for production \(about 0 bits estimated, at least 64 needed\)/,
    ],
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
