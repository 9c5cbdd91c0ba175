import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

/**
 * A real OpenID Connect provider for the tests: `oidc-provider` 8 (ESM: loaded with a dynamic
 * import) on 127.0.0.1 and a free port, with its own development login and consent pages
 * (devInteractions: any password is accepted for a known login), PKCE required, an in-memory
 * account store, and its signing key made here (RS256), so that a test can hand out ID tokens
 * that are signed right but say something else (`tamperIdToken`).
 *
 * The provider listens first (the issuer must be known to configure the server under test) and
 * gets its clients once the server's callback URL is known (`setClients`); until then it answers
 * 503. A browser test can reuse it: the pages are plain HTML forms.
 */

export interface TestOidcAccount {
  /** Also what is typed as the login on the provider's page. */
  sub: string;
  email?: string;
  email_verified?: boolean;
  preferred_username?: string;
}

export interface TestOidcClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

/** Changes an ID token's claims before the provider's token endpoint answers (it is then signed with `key`, default the provider's own). */
export type IdTokenTamper = { claims: (claims: Record<string, unknown>) => Record<string, unknown>; key?: 'provider' | 'foreign' };

export interface TestOidcProvider {
  issuer: string;
  accounts: Map<string, TestOidcAccount>;
  addAccount(account: TestOidcAccount): void;
  setClients(clients: TestOidcClient[]): Promise<void>;
  /** null: ID tokens as the provider made them. */
  tamperIdToken(tamper: IdTokenTamper | null): void;
  stop(): Promise<void>;
}

const ISSUER_ALG = 'RS256';

export async function startOidcProvider(accounts: TestOidcAccount[] = []): Promise<TestOidcProvider> {
  const { default: Provider } = await import('oidc-provider');
  const { privateKey } = await generateKeyPair(ISSUER_ALG, { extractable: true });
  const foreign = await generateKeyPair(ISSUER_ALG, { extractable: true });
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid: 'test-provider-key', alg: ISSUER_ALG, use: 'sig' };
  const signingKey = await importJWK(privateJwk, ISSUER_ALG);
  const store = new Map(accounts.map((account) => [account.sub, account]));
  let tamper: IdTokenTamper | null = null;
  let handler: ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) | undefined;

  const server: Server = createServer((req, res) => {
    if (handler) return handler(req, res);
    res.statusCode = 503;
    res.end('not configured yet');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const resign = async (idToken: string): Promise<string> => {
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    const changed = tamper!.claims(claims);
    const useForeign = tamper!.key === 'foreign';
    return new SignJWT(changed)
      .setProtectedHeader({ alg: ISSUER_ALG, kid: useForeign ? 'test-provider-key' : privateJwk.kid, typ: 'JWT' })
      .sign(useForeign ? foreign.privateKey : signingKey);
  };

  return {
    issuer,
    accounts: store,
    addAccount: (account) => void store.set(account.sub, account),
    async setClients(clients) {
      const provider = new Provider(issuer, {
        clients: clients.map((client) => ({
          client_id: client.clientId,
          client_secret: client.clientSecret,
          redirect_uris: client.redirectUris,
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        })),
        pkce: { required: () => true, methods: ['S256'] },
        features: { devInteractions: { enabled: true } },
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['preferred_username'] },
        jwks: { keys: [privateJwk] as never },
        cookies: { keys: ['test-cookie-signing-key-0123456789'] },
        async findAccount(_ctx: unknown, id: string) {
          const account = store.get(id);
          if (!account) return undefined;
          return { accountId: id, claims: async () => ({ ...account }) };
        },
      });
      // Runs around the token endpoint: the answer's ID token is replaced while `tamper` is set.
      provider.use(async (ctx, next) => {
        await next();
        const body = ctx.body as { id_token?: unknown } | undefined;
        if (tamper && ctx.method === 'POST' && ctx.path === '/token' && body && typeof body.id_token === 'string') {
          ctx.body = { ...body, id_token: await resign(body.id_token) };
        }
      });
      handler = provider.callback();
    },
    tamperIdToken(next) {
      tamper = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A browser's cookie jar for one site, with nothing but names and values (enough for the provider's pages). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

const MAX_STEPS = 20;

/**
 * What a browser does at the provider, with plain HTTP: follows redirects, submits the login
 * form with `login` (the account's sub; any password) and confirms consent, until the provider
 * redirects to `callbackPrefix` (our callback route), whose URL it returns without following it.
 * `cancel`: the person clicks "Cancel" on the login page instead (access_denied).
 */
export async function signInAtProvider(
  authorizationUrl: string,
  login: string,
  callbackPrefix: string,
  options: { cancel?: boolean; timeoutMs?: number } = {},
): Promise<string> {
  const jar = new CookieJar();
  const signal = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  let request: { url: string; method: 'GET' | 'POST'; body?: URLSearchParams } = { url: authorizationUrl, method: 'GET' };
  for (let step = 0; step < MAX_STEPS; step += 1) {
    if (request.url.startsWith(callbackPrefix)) return request.url;
    const response = await fetch(request.url, {
      method: request.method,
      redirect: 'manual',
      signal,
      headers: { cookie: jar.header(), ...(request.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: request.body,
    });
    jar.store(response);
    if (response.status >= 300 && response.status < 400) {
      request = { url: new URL(response.headers.get('location')!, request.url).href, method: 'GET' };
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`provider answered ${response.status} at ${request.url}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form at ${request.url}: ${html.slice(0, 300)}`);
    if (options.cancel) {
      const abort = /<a href="([^"]*abort[^"]*)"/.exec(html)?.[1];
      if (!abort) throw new Error('no cancel link');
      request = { url: new URL(abort.replace(/&amp;/g, '&'), request.url).href, method: 'GET' };
      continue;
    }
    const body = new URLSearchParams({ prompt });
    if (prompt === 'login') {
      body.set('login', login);
      body.set('password', 'any-password');
    }
    request = { url: new URL(action.replace(/&amp;/g, '&'), request.url).href, method: 'POST', body };
  }
  throw new Error(`no redirect to ${callbackPrefix} within ${MAX_STEPS} steps`);
}

/** What our callback answered: its status, and the fragment of its redirect (code, linked or error). */
export async function deliverCallback(callbackUrl: string): Promise<{ status: number; location: string | null; fragment: URLSearchParams; body: string }> {
  const response = await fetch(callbackUrl, { redirect: 'manual', signal: AbortSignal.timeout(15_000), headers: { accept: 'text/html' } });
  const location = response.headers.get('location');
  const fragment = new URLSearchParams(location?.includes('#') ? location.slice(location.indexOf('#') + 1) : '');
  return { status: response.status, location, fragment, body: await response.text() };
}
