import { execFile, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codesOf, expectData, TestClient } from './helpers/client.js';
import { GOOD_PASSWORD, newIdentity } from './helpers/accounts.js';
import { UsersDocument } from './helpers/lifecycle-operations.js';
import { LoginDocument, RegisterDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const root = join(__dirname, '..');
const run = promisify(execFile);

/**
 * The compiled command (dist/ is built by the global setup); `viaNpmScript` runs it through the
 * script behind `npm run createsuperuser`, which builds first when dist/ is stale.
 */
async function createsuperuser(server: TestServer, args: string[], viaNpmScript = false) {
  const command = viaNpmScript ? join(root, 'scripts', 'createsuperuser.js') : join(root, 'dist', 'cli', 'createsuperuser.js');
  try {
    const { stdout, stderr } = await run(process.execPath, [command, ...args], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: server.databaseUrl },
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const argsOf = (identity: { username: string; email: string; password: string }) => [
  '--username',
  identity.username,
  '--email',
  identity.email,
  '--password',
  identity.password,
];

describe('npm run createsuperuser', () => {
  let server: TestServer;
  let anonymous: TestClient;

  beforeAll(async () => {
    server = await startTestServer();
    anonymous = new TestClient(server.url);
  });
  afterAll(() => server.stop());

  it('creates an active ADMIN on the database of a running server, while that server keeps writing to it', async () => {
    const identity = newIdentity('root');
    const others = [newIdentity('during'), newIdentity('during')];
    const [result, ...registered] = await Promise.all([
      createsuperuser(server, argsOf(identity), true),
      ...others.map((other) => anonymous.run(RegisterDocument, { input: { ...other, passwordConfirm: other.password } })),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Superuser "${identity.username}"`);
    registered.forEach((answer) => expectData(answer));

    const tokens = expectData(
      await anonymous.run(LoginDocument, { input: { username: identity.username, password: identity.password } }),
    ).login;
    expect(tokens.user).toMatchObject({ role: 'ADMIN', isActive: true });
    const admin = new TestClient(server.url);
    admin.accessToken = tokens.accessToken;
    expect(expectData(await admin.run(UsersDocument, { search: identity.username })).users.totalCount).toBe(1);
  });

  it("refuses what register refuses, with register's messages, and exit code 1", async () => {
    const existing = newIdentity('taken');
    expect((await createsuperuser(server, argsOf(existing))).code).toBe(0);
    const result = await createsuperuser(server, argsOf({ username: existing.username, email: 'not-an-address', password: 'password' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('username: A user with that username already exists.');
    expect(result.stderr).toContain('email: Enter a valid email address.');
    expect(result.stderr).toContain('password: This password is too common.');
  });

  it('stops with a clear message and exit code 2 when a value is missing and there is no terminal to ask', async () => {
    const result = await createsuperuser(server, ['--username', newIdentity('half').username]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Missing --email, --password');
    expect(result.stderr).toContain('usage: npm run createsuperuser');
  });

  it('refuses an unknown option with the usage', async () => {
    const result = await createsuperuser(server, ['--admin']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: npm run createsuperuser');
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;

  it.skipIf(!hasScript)('asks for what is missing in a terminal, without echoing the password', async () => {
    const identity = newIdentity('prompted');
    // `script` gives the command a pseudo-terminal, as a person's shell would.
    const child = spawn('script', ['-qec', `${process.execPath} dist/cli/createsuperuser.js`, '/dev/null'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: server.databaseUrl },
    });
    let screen = '';
    const answers: Array<[string, string]> = [
      ['Username: ', identity.username],
      ['Email address: ', identity.email],
      ['Password: ', GOOD_PASSWORD],
      ['Password (again): ', GOOD_PASSWORD],
    ];
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      const next = answers[0];
      if (next && screen.includes(next[0])) {
        answers.shift();
        screen = screen.slice(screen.indexOf(next[0]) + next[0].length);
        child.stdin.write(`${next[1]}\r`);
      }
    });
    let transcript = '';
    child.stdout.on('data', (chunk: Buffer) => (transcript += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill(), 20_000);
      child.on('close', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(code).toBe(0);
    expect(transcript).toContain(`Superuser "${identity.username}"`);
    expect(transcript).not.toContain(GOOD_PASSWORD);
    expect(codesOf(await anonymous.run(LoginDocument, { input: { username: identity.username, password: GOOD_PASSWORD } }))).toEqual([]);
  });
});
