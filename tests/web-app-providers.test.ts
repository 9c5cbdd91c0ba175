import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import { signUpAndLogIn } from './helpers/accounts.js';
import { browserSkipReason, launchChromium, screenshotPages } from './helpers/browser.js';
import { enableTotp } from './helpers/mfa.js';
import { providerClients, providersEnv } from './helpers/identity-providers.js';
import { startOidcProvider, type TestOidcAccount, type TestOidcProvider } from './helpers/oidc-provider.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';
import { buildWebApp, freePort, previewWebApp, type RunningWebApp } from './helpers/web-app.js';
import { button, section, settled, signOut, text } from './helpers/web-page.js';

/**
 * Identity providers and emailed sign-in links in the example app (examples/web), in headless
 * Chromium, against a real server in cookie mode and a real OpenID Connect provider
 * (oidc-provider 8 with its own login and consent pages). The browser goes app -> provider's
 * pages -> the API's /auth/callback/<id> (straight to the API origin: the provider's client has
 * that redirect URI) -> back to the app's page with `#code=`, which the app exchanges. The app is
 * opened at http://localhost:PORT/ (its page URL is IDENTITY_REDIRECT_URIS); the provider and the
 * API are on 127.0.0.1. Steps run in order; a failed step leaves screenshots in test-output/.
 */

const STEP_MS = 10_000;

const linkedItems = (page: Page) => page.locator('#identity-list li[data-id]');

/**
 * At the provider: its login page (any password for a known login), then its consent page,
 * whichever of them it shows (a remembered login skips the first), until the browser is back on
 * the app. Bounded in steps and time.
 */
async function passProvider(page: Page, issuer: string, login: string, appOrigin: string): Promise<string[]> {
  const seen: string[] = [];
  const deadline = Date.now() + 3 * STEP_MS;
  for (let step = 0; step < 6 && Date.now() < deadline; step += 1) {
    await page.waitForURL((url) => url.origin === appOrigin || url.href.startsWith(`${issuer}/interaction/`), { timeout: STEP_MS });
    if (new URL(page.url()).origin === appOrigin) return seen;
    const prompt = await page.locator('input[name="prompt"]').getAttribute('value', { timeout: STEP_MS });
    seen.push(prompt ?? '?');
    const before = page.url();
    if (prompt === 'login') {
      await page.locator('input[name="login"]').fill(login);
      await page.locator('input[name="password"]').fill('any-password');
    }
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.href !== before, { timeout: STEP_MS });
  }
  throw new Error(`not back on the app after the provider's pages (${seen.join(', ')}), at ${page.url()}`);
}

async function expectSignedIn(page: Page, username: string): Promise<void> {
  await section(page, 'signed-in').waitFor();
  await settled(page);
  await page.locator('#me dd', { hasText: new RegExp(`^${username}$`) }).first().waitFor();
  await page.locator('#sessions li', { hasText: 'This browser' }).waitFor();
  expect(await text(page.locator('#error'))).toBe('');
}

const skipReason = browserSkipReason();
if (skipReason) it.skip(`SKIPPED the browser test: ${skipReason}`, () => {});

describe.skipIf(skipReason !== null)('identity providers and emailed sign-in links in the example web app in Chromium (REFRESH_TOKEN_COOKIE=true)', () => {
  let provider: TestOidcProvider;
  let smtp: TestSmtpServer;
  let server: TestServer;
  let web: RunningWebApp;
  let appUrl: string;
  let appOrigin: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const suffix = randomBytes(3).toString('hex');
  const account: TestOidcAccount = {
    sub: `webprov-${suffix}`,
    email: `webprov-${suffix}@example.test`,
    email_verified: true,
    preferred_username: `webprov${suffix}`,
  };
  // Another person at the provider whose verified email is that of the account above.
  const sameEmail: TestOidcAccount = { sub: `other-${suffix}`, email: account.email, email_verified: true, preferred_username: `other${suffix}` };

  // The same person's account at the second provider (its own subject and email).
  const second: TestOidcAccount = { sub: `webprov2-${suffix}`, email: `webprov2-${suffix}@example.test`, email_verified: true };

  beforeAll(async () => {
    const builtApp = buildWebApp();
    provider = await startOidcProvider([account, sameEmail, second]);
    smtp = await startSmtpServer();
    // The app's URL is part of the API's settings, and the API's of the app's: the API's port first.
    const apiPort = await freePort();
    web = await previewWebApp(`http://127.0.0.1:${apiPort}`, builtApp);
    const url = new URL(web.url);
    url.hostname = 'localhost';
    appUrl = url.href;
    appOrigin = url.origin;
    server = await startTestServer({
      ...providersEnv(provider),
      PORT: String(apiPort),
      IDENTITY_REDIRECT_URIS: appUrl,
      EMAIL_SIGN_IN_URL: `${appOrigin}/?email-sign-in={token}`,
      SMTP_URL: smtp.url,
      REFRESH_TOKEN_COOKIE: 'true',
    });
    expect(server.origin).toBe(`http://127.0.0.1:${apiPort}`);
    // The provider sends the browser to the API's callback directly (the app forwards /graphql only).
    await provider.setClients(providerClients([server.origin]));
    browser = await launchChromium();
    context = await browser.newContext();
    context.setDefaultTimeout(STEP_MS);
    context.setDefaultNavigationTimeout(STEP_MS);
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await server?.stop();
    await smtp?.stop();
    await provider?.stop();
  });

  let failed = false;
  beforeEach((testContext: TestContext) => {
    if (failed) testContext.skip();
    testContext.onTestFailed(async () => {
      failed = true;
      await screenshotPages(testContext.task.name, context?.pages() ?? []);
    });
  });

  /** The link of the (first) sign-in mail to `address`: other notices (a link, two-factor on) may go there too. */
  async function signInLink(address: string): Promise<string> {
    const link = () => smtp.mailsTo(address).find((mail) => mail.subject === 'Your sign-in link')?.link;
    await expect.poll(link, { timeout: STEP_MS }).toMatch(new RegExp(`^${appOrigin}/\\?email-sign-in=[A-Za-z0-9_-]+$`));
    return link()!;
  }

  it('signed out, shows one "Sign in with <name>" button per configured provider', async () => {
    await page.goto(appUrl);
    await section(page, 'signed-out').waitFor();
    await settled(page);
    const buttons = page.locator('#provider-sign-in button');
    await expect.poll(() => buttons.allTextContents(), { timeout: STEP_MS }).toEqual(['Sign in with Test Provider', 'Sign in with Trusted Provider']);
  });

  it('"Sign in with Test Provider": the provider\'s login and consent pages, back through /auth/callback to the app, signed in to a new account', async () => {
    const callbacks: string[] = [];
    page.on('request', (request) => {
      if (request.isNavigationRequest() && request.url().startsWith(`${server.origin}/auth/callback/`)) callbacks.push(request.url());
    });
    await button(page, 'Sign in with Test Provider').click();
    await page.waitForURL((url) => url.href.startsWith(provider.issuer), { timeout: STEP_MS });
    expect(await passProvider(page, provider.issuer, account.sub, appOrigin)).toEqual(['login', 'consent']);
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]).toMatch(new RegExp(`^${server.origin}/auth/callback/test\\?`));

    // The derived username (the provider's preferred_username) and the provider's email.
    await expectSignedIn(page, account.preferred_username!);
    await page.locator('#me dd', { hasText: account.email }).waitFor();
    // The single-use code left the address bar (and the history entry).
    expect(page.url()).toBe(appUrl);
    expect(await page.evaluate('location.hash')).toBe('');
    const cookie = (await context.cookies(`${appOrigin}/graphql`)).find((c) => c.name === 'cloud_auth_refresh');
    expect(cookie).toMatchObject({ httpOnly: true });

    await expect.poll(() => linkedItems(page).count(), { timeout: STEP_MS }).toBe(1);
    expect(await text(linkedItems(page).first())).toMatch(new RegExp(`^Test Provider \\(${account.email}\\) · linked .+ · last used `));
    expect(await page.locator('#provider-link button').allTextContents()).toEqual(['Link Trusted Provider']);
  });

  it('a reload keeps the session (the refresh cookie), without a code to spend again', async () => {
    await page.reload();
    await expectSignedIn(page, account.preferred_username!);
    expect(await linkedItems(page).count()).toBe(1);
  });

  it('links the second provider from inside the account (a fresh sign-in needs no "Confirm it\'s you"): back with "Linked", listed', async () => {
    // Both test providers are one issuer, where an identity is its subject: sign in there afresh, as `second`
    // (the provider's cookies are on 127.0.0.1, the app's on localhost).
    await context.clearCookies({ domain: '127.0.0.1' });
    await button(page, 'Link Trusted Provider').click();
    await page.waitForURL((url) => url.href.startsWith(provider.issuer), { timeout: STEP_MS });
    expect(await passProvider(page, provider.issuer, second.sub, appOrigin)).toEqual(['login', 'consent']);
    await expectSignedIn(page, account.preferred_username!);
    await page.locator('#notice', { hasText: 'Linked Trusted Provider' }).waitFor();
    expect(await page.evaluate('location.hash')).toBe('');
    expect(await page.getByRole('dialog', { name: "Confirm it's you" }).isVisible()).toBe(false);
    await expect.poll(() => linkedItems(page).allTextContents(), { timeout: STEP_MS }).toEqual([
      expect.stringMatching(/^Test Provider /),
      expect.stringMatching(new RegExp(`^Trusted Provider \\(${second.email}\\) · linked `)),
    ]);
    expect(await page.locator('#provider-link button').count()).toBe(0);
  });

  it('unlinks Trusted Provider; unlinking the last one is refused (no password yet) with the server\'s reason', async () => {
    await button(linkedItems(page).filter({ hasText: 'Trusted Provider' }), 'Unlink').click();
    await settled(page);
    await page.locator('#notice', { hasText: 'Trusted Provider is unlinked' }).waitFor();
    await expect.poll(() => linkedItems(page).count(), { timeout: STEP_MS }).toBe(1);
    expect(await page.locator('#provider-link button').allTextContents()).toEqual(['Link Trusted Provider']);

    await button(linkedItems(page).first(), 'Unlink').click();
    await settled(page);
    await page.locator('#error', { hasText: 'This is the last way to sign in to the account' }).waitFor();
    expect(await linkedItems(page).count()).toBe(1);
  });

  it('signed out, "Email me a sign-in link" for the account\'s address; the mailed link opens the app signed in', async () => {
    await signOut(page);
    await page.getByLabel('Email for a sign-in link', { exact: true }).fill(account.email!);
    await button(page, 'Email me a sign-in link').click();
    await settled(page);
    await page.locator('#notice', { hasText: 'If the address has an account, a link is on its way' }).waitFor();
    expect(await text(page.locator('#error'))).toBe('');

    const link = await signInLink(account.email!);
    await page.goto(link);
    await expectSignedIn(page, account.preferred_username!);
    // The token left the address bar.
    expect(page.url()).toBe(appUrl);

    // Spent: the same link again signs in no one (and says why).
    await signOut(page);
    await page.goto(link);
    await section(page, 'signed-out').waitFor();
    await settled(page);
    expect(await text(page.locator('#error'))).toMatch(/token/i);
    expect(page.url()).toBe(appUrl);
  });

  it('an account with two-factor on: the emailed link goes on to the code step, whose code finishes the sign-in', async () => {
    const { client, identity } = await signUpAndLogIn(server.url, 'webmfalink');
    const { app } = await enableTotp(client, 'Phone');
    await section(page, 'signed-out').waitFor();
    await page.getByLabel('Email for a sign-in link', { exact: true }).fill(identity.email);
    await button(page, 'Email me a sign-in link').click();
    await settled(page);
    await page.goto(await signInLink(identity.email));
    await page.locator('#mfa-login-form').waitFor();
    await settled(page);
    expect(await text(page.locator('#mfa-login-hint'))).toBe('Your sign-in link was right. Enter the code your authenticator app shows now.');
    expect(await section(page, 'signed-in').isVisible()).toBe(false);
    expect(page.url()).toBe(appUrl);
    await page.getByLabel('Code from your authenticator app', { exact: true }).fill(app.code(0));
    await button(page, 'Verify').click();
    await settled(page);
    await expectSignedIn(page, identity.username);
    await signOut(page);
  });

  it('another provider account with the same email: back with #error=account_exists, shown in words, still signed out', async () => {
    // The provider forgets the first account's login (its cookies are on 127.0.0.1, the app's on localhost).
    await context.clearCookies({ domain: '127.0.0.1' });
    await page.goto(appUrl);
    await section(page, 'signed-out').waitFor();
    await settled(page);
    await button(page, 'Sign in with Test Provider').click();
    await page.waitForURL((url) => url.href.startsWith(provider.issuer), { timeout: STEP_MS });
    expect(await passProvider(page, provider.issuer, sameEmail.sub, appOrigin)).toEqual(['login', 'consent']);
    await section(page, 'signed-out').waitFor();
    await settled(page);
    await page.locator('#error', { hasText: 'An account with this email exists: sign in and link it from your account' }).waitFor();
    expect(page.url()).toBe(appUrl);
  });
});
