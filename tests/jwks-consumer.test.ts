import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { hkdfSync } from 'node:crypto';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpAndLogIn } from './helpers/accounts.js';
import { bearer, postGraphQL } from './helpers/http.js';
import { eventually, kidOf, REVOKE, ROTATE } from './helpers/keys.js';
import { signUpAdmin } from './helpers/lifecycle.js';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from './helpers/server.js';

interface Verdict {
  ok: boolean;
  kid?: string;
  code?: string;
  claims?: Record<string, unknown>;
}

/** The jose verifier (tests/consumers/jose-verifier.mjs) as a process of its own, one token per line. */
class Consumer {
  private readonly lines: Interface;
  private readonly waiting: Array<(line: string) => void> = [];

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: child.stdout });
    this.lines.on('line', (line) => this.waiting.shift()?.(line));
  }

  static async start(jwksUrl: string, cacheMaxAgeMs: number): Promise<Consumer> {
    const script = join(__dirname, 'consumers', 'jose-verifier.mjs');
    const child = spawn(process.execPath, [script, jwksUrl, 'cloud-auth', 'cloud-auth', String(cacheMaxAgeMs)], {
      cwd: join(__dirname, '..'),
      env: { PATH: process.env.PATH ?? '' },
    });
    const consumer = new Consumer(child);
    expect(JSON.parse(await consumer.next())).toEqual({ ready: true });
    return consumer;
  }

  private next(): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the consumer did not answer within 10 s')), 10_000);
      this.waiting.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  }

  async verify(token: string): Promise<Verdict> {
    const answer = this.next();
    this.child.stdin.write(`${token}\n`);
    return JSON.parse(await answer) as Verdict;
  }

  stop(): void {
    this.child.kill();
  }
}

describe('a separate service verifying tokens with jose against /.well-known/jwks.json', () => {
  let server: TestServer;
  let consumer: Consumer;
  let admin: Awaited<ReturnType<typeof signUpAdmin>>;
  beforeAll(async () => {
    server = await startTestServer({ SIGNING_KEYS_REFRESH: '1' });
    admin = await signUpAdmin(server, 'joseadmin');
    consumer = await Consumer.start(`${server.origin}/.well-known/jwks.json`, 1000);
  });
  afterAll(async () => {
    consumer?.stop();
    await server.stop();
  });

  it('verifies a genuine access token offline, with the claims a resource server needs', async () => {
    const user = await signUpAndLogIn(server.url, 'jose');
    const verdict = await consumer.verify(user.tokens.accessToken);
    expect(verdict.ok).toBe(true);
    expect(verdict.kid).toBe(kidOf(user.tokens.accessToken));
    expect(verdict.claims).toMatchObject({ sub: user.user.id, iss: 'cloud-auth', aud: 'cloud-auth', role: 'USER', amr: ['pwd'], aal: 1 });
    for (const claim of ['sid', 'jti', 'iat', 'exp', 'auth_time']) expect(verdict.claims).toHaveProperty(claim);
  });

  it('refuses a refresh token, a tampered token and HMAC forgeries', async () => {
    const user = await signUpAndLogIn(server.url, 'joseforge');
    expect((await consumer.verify(user.tokens.refreshToken)).ok).toBe(false);
    const [header, payload, signature] = user.tokens.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'ADMIN' })).toString('base64url')}.${signature}`;
    expect((await consumer.verify(tampered)).ok).toBe(false);
    const hmacKey = Buffer.from(hkdfSync('sha256', TEST_JWT_SECRET, 'cloud-auth', 'cloud-auth access token v1', 32));
    const forged = jwt.sign(claims, hmacKey, { header: { alg: 'HS256', kid: kidOf(user.tokens.accessToken), typ: 'at+jwt' } });
    expect((await consumer.verify(forged)).ok).toBe(false);
  });

  it('goes on verifying old tokens after a rotation, verifies the new kid, and drops a revoked key once it refreshes its set', async () => {
    const before = await signUpAndLogIn(server.url, 'josebefore');
    const oldKid = kidOf(before.tokens.accessToken)!;
    expect((await consumer.verify(before.tokens.accessToken)).ok).toBe(true);

    const rotated = await postGraphQL(server.url, ROTATE, {}, bearer(admin.tokens.accessToken));
    const newKid = rotated.data?.rotateSigningKey.kid as string;
    const after = await signUpAndLogIn(server.url, 'joseafter');
    expect(kidOf(after.tokens.accessToken)).toBe(newKid);
    expect(newKid).not.toBe(oldKid);
    expect(await consumer.verify(after.tokens.accessToken)).toMatchObject({ ok: true, kid: newKid });
    expect(await consumer.verify(before.tokens.accessToken)).toMatchObject({ ok: true, kid: oldKid });

    // The admin's own token was signed by the old key too: revoke with a fresh one.
    const freshAdmin = await postGraphQL(server.url, 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }', {
      input: { username: admin.identity.username, password: admin.identity.password },
    });
    const revoked = await postGraphQL(server.url, REVOKE, { kid: oldKid }, bearer(freshAdmin.data?.login.accessToken));
    expect(revoked.errors).toBeUndefined();
    // The consumer caches the set for 1 s here (a real one: the max-age, 300 s): bounded wait.
    expect(await eventually(async () => !(await consumer.verify(before.tokens.accessToken)).ok, 5000)).toBe(true);
    expect(await consumer.verify(after.tokens.accessToken)).toMatchObject({ ok: true, kid: newKid });
  });
});
