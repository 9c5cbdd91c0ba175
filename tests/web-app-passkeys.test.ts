import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import { Session, User } from '../src/db/entities/index.js';
import { newIdentity } from './helpers/accounts.js';
import { browserSkipReason, launchChromium, screenshotPages } from './helpers/browser.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { buildWebApp, previewWebApp, type RunningWebApp } from './helpers/web-app.js';
import { button, enterPassword, reauthPrompt, section, settled, signOut, text } from './helpers/web-page.js';

/**
 * Passkeys in the example app (examples/web), in headless Chromium with its virtual authenticator
 * (CDP WebAuthn domain: a platform authenticator with resident keys and user verification that
 * answers by itself), against a real server in cookie mode: adding a passkey, signing in with it
 * without a username, renaming it, using it as the second step after the password, and removing
 * it (after which the authenticator still holds the credential but the server refuses it). The
 * page is opened at http://localhost:PORT: localhost is the relying party id outside production,
 * and an IP address cannot be one. Steps run in order; a failed step leaves screenshots in test-output/.
 */

const REAUTH_MAX_AGE_SECONDS = 300;

const passkeyItems = (page: Page) => page.locator('#passkey-list li[data-id]');

interface SentOperation {
  name: string;
  variables: Record<string, unknown>;
}

/** Every GraphQL operation the page sends, by name, with its variables. */
function recordOperations(page: Page): SentOperation[] {
  const sent: SentOperation[] = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/graphql') || request.method() !== 'POST') return;
    const body = request.postDataJSON() as { operationName?: string; variables?: Record<string, unknown> } | null;
    if (body?.operationName) sent.push({ name: body.operationName, variables: body.variables ?? {} });
  });
  return sent;
}

async function expectSignedIn(page: Page, username: string, twoFactorOn: boolean): Promise<void> {
  await section(page, 'signed-in').waitFor();
  await page.locator('#me', { hasText: username }).waitFor();
  await page.locator(`#mfa-status[data-enabled="${twoFactorOn}"]`).waitFor();
  await page.locator('#sessions li', { hasText: 'This browser' }).waitFor();
  expect(await text(page.locator('#error'))).toBe('');
}

async function signInWithPasskey(page: Page): Promise<void> {
  await section(page, 'signed-out').waitFor();
  await button(page, 'Sign in with a passkey').click();
  await settled(page);
}

const skipReason = browserSkipReason();
if (skipReason) it.skip(`SKIPPED the browser test: ${skipReason}`, () => {});

describe.skipIf(skipReason !== null)('passkeys in the example web app in Chromium with a virtual authenticator (REFRESH_TOKEN_COOKIE=true)', () => {
  let server: TestServer;
  let web: RunningWebApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId = '';
  let sent: SentOperation[] = [];
  const identity = newIdentity('webpasskey');

  beforeAll(async () => {
    const builtApp = buildWebApp();
    server = await startTestServer({ REFRESH_TOKEN_COOKIE: 'true', REAUTH_MAX_AGE: String(REAUTH_MAX_AGE_SECONDS) });
    web = await previewWebApp(server.origin, builtApp);
    browser = await launchChromium();
    context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    sent = recordOperations(page);
    // Before the page calls navigator.credentials: a platform authenticator that verifies the user by itself.
    cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await server?.stop();
  });

  let failed = false;
  beforeEach((testContext: TestContext) => {
    if (failed) testContext.skip();
    testContext.onTestFailed(async () => {
      failed = true;
      await screenshotPages(testContext.task.name, context?.pages() ?? []);
    });
  });

  const credentials = async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  const operations = (name: string) => sent.filter((operation) => operation.name === name);

  /** Every session of the account proved its user just over REAUTH_MAX_AGE ago, as the database sees it. */
  async function provedLongAgo(username: string) {
    const em = server.app.orm.em.fork();
    const user = await em.findOneOrFail(User, { username });
    await em.nativeUpdate(Session, { user: user.id }, { authenticatedAt: new Date(Date.now() - (REAUTH_MAX_AGE_SECONDS + 1) * 1000) });
  }

  it('registers and logs in through the page opened at http://localhost: no passkeys yet, two-factor off', async () => {
    const url = new URL(web.url);
    url.hostname = 'localhost';
    await page.goto(url.href);
    await section(page, 'signed-out').waitFor();
    await page.getByLabel('New username', { exact: true }).fill(identity.username);
    await page.getByLabel('Email', { exact: true }).fill(identity.email);
    await page.getByLabel('Choose a password', { exact: true }).fill(identity.password);
    await page.getByLabel('Repeat the password', { exact: true }).fill(identity.password);
    await button(page, 'Register').click();
    await page.locator('#notice', { hasText: `Welcome, ${identity.username}` }).waitFor();

    await enterPassword(page, identity.username, identity.password);
    await expectSignedIn(page, identity.username, false);
    expect(await text(page.locator('#passkey-list'))).toBe('None yet.');
    expect(await credentials()).toEqual([]);
  });

  it('adds a passkey (a fresh login needs no "Confirm it\'s you"): listed with its name, created and never used; the authenticator holds it', async () => {
    await page.getByLabel('Name for a new passkey', { exact: true }).fill('Laptop');
    await button(page, 'Add a passkey').click();
    await settled(page);
    await page.locator('#notice', { hasText: 'Passkey "Laptop" added' }).waitFor();
    expect(await text(page.locator('#error'))).toBe('');
    expect(await reauthPrompt(page).isVisible()).toBe(false);
    expect(operations('Reauthenticate')).toEqual([]);
    expect(operations('FinishPasskeyRegistration')).toHaveLength(1);

    await expect.poll(() => passkeyItems(page).count()).toBe(1);
    const item = await text(passkeyItems(page).first());
    // The virtual authenticator's credentials are not backed up.
    expect(item).toMatch(/^Laptop · added .+ · last used never · on one device only/);
    // An account with a passkey has two-factor authentication on (its second step is the passkey).
    await expectSignedIn(page, identity.username, true);
    expect(await text(page.locator('#mfa-status'))).toContain('a passkey');
    await page.locator('#security-activity li[data-type="PASSKEY_ADDED"]', { hasText: 'Passkey added' }).waitFor();

    const held = await credentials();
    expect(held).toHaveLength(1);
    // Discoverable (so it signs in without a username), for this site, made for this account.
    expect(held[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost', userName: identity.username, backupState: false });
  });

  it('signs in with the passkey without a username after signing out: signed in as after a login', async () => {
    await signOut(page);
    expect(await context.cookies()).toEqual([]);
    await signInWithPasskey(page);
    await expectSignedIn(page, identity.username, true);
    // No username went out: the discoverable credential named the account.
    const [started] = operations('StartPasskeySignIn');
    expect(started?.variables).toEqual({});
    expect(await page.getByLabel('Username or email', { exact: true }).inputValue()).toBe('');
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'cloud_auth_refresh', httpOnly: true });
    expect(await text(passkeyItems(page).first())).not.toContain('last used never');
    // The session survives a reload (the cookie), as after a password login.
    await page.reload();
    await expectSignedIn(page, identity.username, true);
  });

  it('renames the passkey: a blank name is refused with the field error, a new one is listed', async () => {
    await button(passkeyItems(page).first(), 'Rename').click();
    const newName = page.getByLabel('New name', { exact: true });
    expect(await newName.inputValue()).toBe('Laptop');
    await newName.fill('   ');
    await button(page, 'Save name').click();
    await settled(page);
    await page.locator('#error', { hasText: 'name: Give the passkey a name of 1 to 64 characters.' }).waitFor();
    expect(await text(passkeyItems(page).first())).toMatch(/^Laptop · /);

    await newName.fill('Work laptop');
    await button(page, 'Save name').click();
    await settled(page);
    await page.locator('#notice', { hasText: 'Passkey renamed to "Work laptop".' }).waitFor();
    expect(await newName.isVisible()).toBe(false);
    await expect.poll(async () => text(passkeyItems(page).first())).toMatch(/^Work laptop · /);
    expect(await passkeyItems(page).count()).toBe(1);
  });

  it('uses the passkey as the second step after the password: MFA_REQUIRED lists PASSKEY, "Use a passkey" signs in', async () => {
    await signOut(page);
    const loginAnswer = page.waitForResponse((response) => response.request().postDataJSON()?.operationName === 'Login');
    await enterPassword(page, identity.username, identity.password);
    const body = (await (await loginAnswer).json()) as { errors?: Array<{ extensions?: { code?: string; factors?: string[] } }> };
    expect(body.errors?.[0]?.extensions?.code).toBe('MFA_REQUIRED');
    expect(body.errors?.[0]?.extensions?.factors).toEqual(['PASSKEY']);

    // No authenticator app, no recovery codes: the passkey is the only way to finish.
    const usePasskey = button(page, 'Use a passkey');
    await usePasskey.waitFor();
    expect(await text(page.locator('#mfa-login-hint'))).toBe('Your password was right. Confirm with your passkey.');
    expect(await page.getByLabel('Code from your authenticator app', { exact: true }).isVisible()).toBe(false);
    expect(await button(page, 'Use a recovery code').isVisible()).toBe(false);
    await usePasskey.click();
    await settled(page);
    await expectSignedIn(page, identity.username, true);
    const [finished] = operations('FinishPasskeyMfa');
    expect(finished?.variables.mfaToken).toBe(operations('StartPasskeyMfa')[0]?.variables.mfaToken);
  });

  it('asks "Confirm it\'s you" to remove it once the session is stale, saying a passkey cannot be given there; cancelling keeps it', async () => {
    await provedLongAgo(identity.username);
    await button(passkeyItems(page).first(), 'Remove').click();
    const prompt = reauthPrompt(page);
    await prompt.waitFor();
    await settled(page);
    expect(await text(prompt.locator('#reauth-passkey-hint'))).toContain('sign in again with your passkey');
    await button(prompt, 'Cancel').click();
    await prompt.waitFor({ state: 'hidden' });
    await settled(page);
    expect(await text(page.locator('#error'))).toBe('');
    expect(await passkeyItems(page).count()).toBe(1);
  });

  it('removes the passkey after a fresh passkey sign-in: gone from the list, still in the authenticator, and refused by the server', async () => {
    await signOut(page);
    await signInWithPasskey(page);
    await expectSignedIn(page, identity.username, true);
    const removalsBefore = operations('RemovePasskey').length;
    await button(passkeyItems(page).first(), 'Remove').click();
    await settled(page);
    await page.locator('#notice', { hasText: 'Passkey removed' }).waitFor();
    expect(await reauthPrompt(page).isVisible()).toBe(false);
    expect(operations('RemovePasskey')).toHaveLength(removalsBefore + 1);
    expect(await text(page.locator('#passkey-list'))).toBe('None yet.');
    await expectSignedIn(page, identity.username, false);
    await page.locator('#security-activity li[data-type="PASSKEY_REMOVED"]', { hasText: 'Passkey removed' }).waitFor();

    // The authenticator still holds the credential; the server no longer accepts it.
    expect(await credentials()).toHaveLength(1);
    await signOut(page);
    await signInWithPasskey(page);
    await page.locator('#error', { hasText: 'Could not verify the passkey.' }).waitFor();
    expect(await section(page, 'signed-in').isVisible()).toBe(false);
    expect(await context.cookies()).toEqual([]);

    // The password alone signs in again (two-factor is off).
    await enterPassword(page, identity.username, identity.password);
    await expectSignedIn(page, identity.username, false);
  });
});
