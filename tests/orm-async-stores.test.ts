import { execFileSync } from 'node:child_process';
import { executionAsyncId } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ormStoresAreContextFree } from '../src/db/orm-async-stores.js';
import { newIdentity } from './helpers/accounts.js';
import { expectData, TestClient } from './helpers/client.js';
import { LoginDocument, MeDocument, RefreshTokenDocument, RegisterDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/**
 * MikroORM's async-context stores are replaced by ones that hold nothing (src/db/orm-async-stores.ts),
 * so that V8's promise hooks, which an AsyncLocalStorage turns on for good on Node 20, stay off
 * while the server answers requests. The probe: inside a promise reaction, `executionAsyncId()`
 * is 0 while promise hooks are off and the promise's own id once they are on.
 */
const promiseHooksOn = () => Promise.resolve().then(() => executionAsyncId() !== 0);

/** The same probe in a fresh Node process after one AsyncLocalStorage#run: does this Node show hooks? */
function probeSeesAStoreRun(): boolean {
  const script =
    "const h = require('node:async_hooks'); new h.AsyncLocalStorage().run(1, () => {});" +
    'Promise.resolve().then(() => process.stdout.write(String(h.executionAsyncId() !== 0)));';
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }) === 'true';
}

describe("MikroORM's async-context stores", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('are the context-free ones: this worker loaded MikroORM through the module, as main.ts does', () => {
    expect(ormStoresAreContextFree).toBe(true);
  });

  it('leave promise hooks off through register (a transaction), login, me and refresh over HTTP', async () => {
    const identity = newIdentity('AsyncStores');
    const client = new TestClient(server.url);
    expectData(await client.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } }));
    const tokens = expectData(
      await client.run(LoginDocument, { input: { username: identity.username, password: identity.password } }),
    ).login;
    const signedIn = new TestClient(server.url, { authorization: `Bearer ${tokens.accessToken}` });
    const me = expectData(await signedIn.run(MeDocument)).me;
    expect(me?.username).toBe(identity.username);
    const refreshed = expectData(await client.run(RefreshTokenDocument, { refreshToken: tokens.refreshToken })).refreshToken;
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);

    expect(await promiseHooksOn()).toBe(false);
  });

  // Node 24 keeps async context without promise hooks (AsyncContextFrame), where the probe reads 0
  // either way; on the Node versions before it, the probe must see a real store's run.
  it.skipIf(Number(process.versions.node.split('.')[0]) >= 24)('the probe sees promise hooks in a process where a store ran', () => {
    expect(probeSeesAStoreRun()).toBe(true);
  });
});
