import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** A raw request, for methods and headers fetch() would not send as they are. */
function raw(origin: string, method: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request(`${origin}${path}`, { method, headers, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

describe('/.well-known/jwks.json and /.well-known/openid-configuration', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('publishes the STANDBY and CURRENT public keys with kid, kty, alg and use, cacheable for a few minutes', async () => {
    const response = await fetch(`${server.origin}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const { keys } = (await response.json()) as { keys: Array<Record<string, string>> };
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(key.kid).toMatch(/^[\w-]+$/);
      for (const member of PRIVATE_MEMBERS) expect(key).not.toHaveProperty(member);
    }
  });

  it('describes itself with an absolute jwks_uri and the algorithms it signs with', async () => {
    const response = await fetch(`${server.origin}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const discovery = (await response.json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: 'cloud-auth',
      jwks_uri: `${server.origin}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['ES256'],
    });
    expect(Object.keys(discovery)).not.toContain('authorization_endpoint');
  });

  it('answers HEAD, odd Accept headers and query strings plainly, and refuses other methods with 405', async () => {
    for (const path of ['/.well-known/jwks.json', '/.well-known/openid-configuration']) {
      const head = await raw(server.origin, 'HEAD', path);
      expect(head.status).toBe(200);
      expect(head.body).toBe('');
      for (const accept of ['text/html', 'application/xml;q=0.9, */*;q=0.1', 'garbage/;;;==', 'x'.repeat(4000)]) {
        const odd = await raw(server.origin, 'GET', `${path}?format=pem&x=%00`, { accept, 'accept-encoding': 'br;q=2' });
        expect(odd.status).toBe(200);
        expect(() => JSON.parse(odd.body)).not.toThrow();
      }
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
        const refused = await raw(server.origin, method, path, { 'content-type': 'application/json' });
        expect(refused.status).toBe(405);
        expect(refused.headers.allow).toBe('GET, HEAD, OPTIONS');
        expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
      }
      const preflight = await raw(server.origin, 'OPTIONS', path, { origin: 'https://app.example.com', 'access-control-request-method': 'GET' });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('*');
    }
  });
});

describe('PUBLIC_URL', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ PUBLIC_URL: 'https://auth.example.com/', JWT_ISSUER: 'https://auth.example.com' });
  });
  afterAll(() => server.stop());

  it('is where the discovery document says the key set is', async () => {
    const discovery = (await (await fetch(`${server.origin}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({ issuer: 'https://auth.example.com', jwks_uri: 'https://auth.example.com/.well-known/jwks.json' });
  });
});
