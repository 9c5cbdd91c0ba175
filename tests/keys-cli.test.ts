import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpAndLogIn } from './helpers/accounts.js';
import { auditLog } from './helpers/events.js';
import { bearer, errorCodes, postGraphQL } from './helpers/http.js';
import { eventually, keyInState, kidOf, signingKeys } from './helpers/keys.js';
import { signUpAdmin } from './helpers/lifecycle.js';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from './helpers/server.js';

const root = join(__dirname, '..');
const run = promisify(execFile);

/** `npm run keys -- ...` as its script runs it (dist/ is built by the global setup), on the server's database. */
async function keys(server: TestServer, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'scripts', 'keys.js'), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: server.databaseUrl, JWT_SECRET: TEST_JWT_SECRET, ...env },
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const meWith = (server: TestServer, token: string) => postGraphQL(server.url, '{ me { id } }', {}, bearer(token));

describe('npm run keys', () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof signUpAdmin>>;
  beforeAll(async () => {
    server = await startTestServer({ SIGNING_KEYS_REFRESH: '1' });
    admin = await signUpAdmin(server, 'cliadmin');
  });
  afterAll(() => server.stop());

  /** A new admin token (revoking a key kills the tokens it signed, the admin's too). */
  const adminToken = async () => {
    const login = await postGraphQL(server.url, 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }', {
      input: { username: admin.identity.username, password: admin.identity.password },
    });
    return login.data?.login.accessToken as string;
  };

  it('lists the keys the server signs with', async () => {
    const listed = await keys(server, ['list']);
    expect(listed.code).toBe(0);
    for (const key of await signingKeys(server.url, await adminToken())) {
      expect(listed.stdout).toMatch(new RegExp(`^${key.kid.replace(/[-]/g, '\\-')}\\s+${key.state}\\s+ES256`, 'm'));
    }
    expect(listed.stdout).toMatch(/STANDBY \S+ has been published for \d+ s/);
  });

  it('rotates and revokes while the server runs: the server follows within SIGNING_KEYS_REFRESH', async () => {
    const user = await signUpAndLogIn(server.url, 'cliuser');
    const oldKid = kidOf(user.tokens.accessToken)!;
    const standby = keyInState(await signingKeys(server.url, await adminToken()), 'STANDBY')[0].kid;

    const rotated = await keys(server, ['rotate']);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain(`Rotated: ${standby} (ES256) is CURRENT`);
    expect(await eventually(async () => kidOf((await signUpAndLogIn(server.url, 'clinext')).tokens.accessToken) === standby, 5000)).toBe(true);
    expect((await meWith(server, user.tokens.accessToken)).data?.me.id).toBe(user.user.id);

    const revoked = await keys(server, ['revoke', oldKid]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Revoked: ${oldKid}`);
    expect(await eventually(async () => errorCodes(await meWith(server, user.tokens.accessToken))[0] === 'UNAUTHENTICATED', 5000)).toBe(true);

    const events = await auditLog(server.url, await adminToken(), { types: ['SIGNING_KEY_ROTATED', 'SIGNING_KEY_REVOKED'] });
    expect(events.map((event) => event.type).sort()).toEqual(['SIGNING_KEY_REVOKED', 'SIGNING_KEY_ROTATED']);
    for (const event of events) expect(event).toMatchObject({ userId: null, actorId: null });
  });

  it('refuses to revoke the CURRENT key or an unknown one (exit 1) and explains its usage (exit 2)', async () => {
    const current = keyInState(await signingKeys(server.url, await adminToken()), 'CURRENT')[0].kid;
    const refused = await keys(server, ['revoke', current]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/only a PREVIOUS key can be revoked/);
    expect((await keys(server, ['revoke', 'no-such-kid'])).code).toBe(1);
    for (const args of [[], ['rotate', 'extra']]) {
      const usage = await keys(server, args);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/usage: npm run keys -- list \| rotate \| revoke <kid>/);
    }
  });

  it('changes nothing with a secret that does not open the keys, and says which variable', async () => {
    const before = await signingKeys(server.url, await adminToken());
    const refused = await keys(server, ['rotate'], { JWT_SECRET: 'another-secret-that-is-at-least-32-bytes-long!' });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toEqual([expect.stringMatching(/cannot be decrypted with JWT_SECRET/)]);
    expect(await signingKeys(server.url, await adminToken())).toEqual(before);
  });
});
