import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { expectData, TestClient } from './helpers/client.js';
import { newIdentity, signUpAndLogIn } from './helpers/accounts.js';
import { ActivateAccountDocument, RequestPasswordResetDocument } from './helpers/lifecycle-operations.js';
import { failureOf } from './helpers/lifecycle.js';
import { LoginDocument, RegisterDocument } from './helpers/operations.js';
import { startTestServer, TEST_JWT_SECRET } from './helpers/server.js';
import { startSmtpServer } from './helpers/smtp.js';

const root = join(__dirname, '..');

/** A port on which nothing listens: a mail server that is down. */
async function deadSmtpUrl(): Promise<string> {
  const smtp = await startSmtpServer();
  await smtp.stop();
  return smtp.url;
}

describe('mail delivery', () => {
  it('a dead mail server neither fails nor delays register, and the account is kept', async () => {
    const server = await startTestServer({ SMTP_URL: await deadSmtpUrl(), REQUIRE_EMAIL_ACTIVATION: 'true' });
    try {
      const client = new TestClient(server.url);
      const identity = newIdentity('undelivered');
      const started = performance.now();
      const user = expectData(
        await client.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } }),
      ).register;
      expect(performance.now() - started).toBeLessThan(2000);
      expect(user.isActive).toBe(false);
      // The account exists (the right password is recognised); the user can ask for the mail again.
      const login = await client.run(LoginDocument, { input: { username: identity.username, password: identity.password } });
      expect(failureOf(login).reason).toBe('ACCOUNT_NOT_ACTIVE');
    } finally {
      await server.stop();
    }
  });

  it('a slow mail server does not delay the answer, and the mail still arrives', async () => {
    const smtp = await startSmtpServer({ delayMs: 2000 });
    const server = await startTestServer({ SMTP_URL: smtp.url });
    try {
      const { identity } = await signUpAndLogIn(server.url, 'slowmail');
      const client = new TestClient(server.url);
      const started = performance.now();
      expectData(await client.run(RequestPasswordResetDocument, { email: identity.email }));
      expect(performance.now() - started).toBeLessThan(1000);
      const mail = await smtp.waitForMail(identity.email, 1, 15_000);
      expect(mail.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    } finally {
      await server.stop();
      await smtp.stop();
    }
  });

  it('without SMTP_URL, development writes each mail to the log as one JSON line with its link', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloud-auth-mail-log-'));
    const child = spawn(process.execPath, [join(root, 'dist', 'main.js')], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: `sqlite:${join(dir, 'auth.db')}`,
        JWT_SECRET: TEST_JWT_SECRET,
        LOG_LEVEL: 'info',
        REQUIRE_EMAIL_ACTIVATION: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Array<Record<string, any>> = [];
    const waiters: Array<() => void> = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(JSON.parse(line));
      waiters.splice(0).forEach((wake) => wake());
    });
    const waitForLine = async (match: (line: Record<string, any>) => boolean) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const found = lines.find(match);
        if (found) return found;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no such log line in ${JSON.stringify(lines)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    };
    try {
      const serving = await waitForLine((line) => line.msg === 'cloud-auth is serving');
      const client = new TestClient(serving.url);
      const identity = newIdentity('logged');
      expectData(await client.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } }));

      const mailLine = await waitForLine((line) => line.event === 'mail');
      expect(mailLine).toMatchObject({ to: identity.email, subject: 'Activate your account' });
      expect(mailLine.link).toMatch(/^http:\/\/localhost:3000\/activate\?token=[A-Za-z0-9_-]{43}$/);
      const token = new URL(mailLine.link).searchParams.get('token')!;
      expect(expectData(await client.run(ActivateAccountDocument, { token })).activateAccount).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('close', resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('production with REQUIRE_EMAIL_ACTIVATION but no SMTP_URL refuses to start, naming SMTP_URL', () => {
    const result = spawnSync(process.execPath, [join(root, 'dist', 'main.js')], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET, REQUIRE_EMAIL_ACTIVATION: 'true' },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Invalid configuration: SMTP_URL is required when NODE_ENV=production and REQUIRE_EMAIL_ACTIVATION=true',
    );
  });
});

describe('mail settings', () => {
  it('have the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      requireEmailActivation: false,
      smtpUrl: undefined,
      activationUrl: 'http://localhost:3000/activate?token={token}',
      passwordResetUrl: 'http://localhost:3000/reset-password?token={token}',
      activationTokenTtlSeconds: 3 * 86400,
      passwordResetTokenTtlSeconds: 3600,
    });
  });

  it('refuse a link without {token}, a non-SMTP URL and a bad flag, naming the variable', () => {
    expect(() => loadConfig({ ACTIVATION_URL: 'https://app.example/activate' })).toThrow(
      'Invalid configuration: ACTIVATION_URL must be an http(s) URL containing {token}',
    );
    expect(() => loadConfig({ PASSWORD_RESET_URL: 'javascript:alert({token})' })).toThrow(/^Invalid configuration: PASSWORD_RESET_URL/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example' })).toThrow(/^Invalid configuration: SMTP_URL/);
    expect(() => loadConfig({ REQUIRE_EMAIL_ACTIVATION: 'maybe' })).toThrow(/^Invalid configuration: REQUIRE_EMAIL_ACTIVATION/);
  });

  it('let production run without SMTP_URL when activation is not required (reset mails are then dropped)', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET }).smtpUrl).toBeUndefined();
  });
});
