import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newIdentity } from './helpers/accounts.js';
import { browserSkipReason, launchChromium, screenshotPages } from './helpers/browser.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { buildWebApp, previewWebApp, type RunningWebApp } from './helpers/web-app.js';

/**
 * The example app (examples/web) in headless Chromium against a real server whose access tokens
 * live 2 seconds: what a person sees while tokens expire, tabs race to refresh, and sessions are
 * revoked elsewhere. Steps run in order and share the browser; a failed step leaves screenshots
 * of every open page in test-output/.
 */

const ACCESS_TOKEN_TTL_MS = 2_000;
const pastExpiry = () => new Promise((resolve) => setTimeout(resolve, ACCESS_TOKEN_TTL_MS + 600));

/** The GraphQL operations a page sent, by operation name. */
function recordOperations(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/graphql') || request.method() !== 'POST') return;
    const name = (request.postDataJSON() as { operationName?: string } | null)?.operationName;
    if (name) sent.push(name);
  });
  return sent;
}
const count = (sent: string[], name: string) => sent.filter((sentName) => sentName === name).length;

/** Waits until the page has finished what the last click started (the app marks itself aria-busy). */
const settled = (page: Page) => page.locator('#app:not([aria-busy])').waitFor();

const section = (page: Page, id: 'signed-in' | 'signed-out') => page.locator(`#${id}`);
const visibleText = async (page: Page, selector: string) => (await page.locator(selector).textContent())?.trim() ?? '';

async function logIn(page: Page, username: string, password: string): Promise<void> {
  await section(page, 'signed-out').waitFor();
  await page.getByLabel('Username or email', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await settled(page);
  await section(page, 'signed-in').waitFor();
  await page.locator('#me', { hasText: username }).waitFor();
}

const skipReason = browserSkipReason();
if (skipReason) it.skip(`SKIPPED the browser test: ${skipReason}`, () => {});

describe.skipIf(skipReason !== null)('the example web app in Chromium (ACCESS_TOKEN_TTL=2s, REFRESH_TOKEN_COOKIE=true)', () => {
  let server: TestServer;
  let web: RunningWebApp;
  let browser: Browser;
  let laptop: BrowserContext;
  let firstTab: Page;
  let secondTab: Page;
  const identity = newIdentity('web');
  async function signInOnPhone() {
    const phone = await browser.newContext();
    phone.setDefaultTimeout(10_000);
    const phoneTab = await phone.newPage();
    await phoneTab.goto(web.url);
    await logIn(phoneTab, identity.username, identity.password);
    return { phone, phoneTab };
  }
  const pages = () => [laptop, ...(browser?.contexts() ?? [])].flatMap((context) => context?.pages() ?? []);

  beforeAll(async () => {
    const builtApp = buildWebApp();
    server = await startTestServer({ ACCESS_TOKEN_TTL: '2s', REFRESH_TOKEN_COOKIE: 'true' });
    web = await previewWebApp(server.origin, builtApp);
    browser = await launchChromium();
    laptop = await browser.newContext();
    laptop.setDefaultTimeout(10_000);
    firstTab = await laptop.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await server?.stop();
  });

  // The steps build on each other: after a failure the rest are skipped rather than timing out.
  let failed = false;
  beforeEach((context) => {
    if (failed) context.skip();
    context.onTestFailed(async () => {
      failed = true;
      await screenshotPages(context.task.name, [...new Set(pages())]);
    });
  });

  it('registers (showing what to fix first) and logs in, keeping every token out of reach of page scripts', async () => {
    await firstTab.goto(web.url);
    await section(firstTab, 'signed-out').waitFor();
    await firstTab.getByLabel('New username', { exact: true }).fill(identity.username);
    await firstTab.getByLabel('Email', { exact: true }).fill(identity.email);
    await firstTab.getByLabel('Choose a password', { exact: true }).fill(identity.password);
    await firstTab.getByLabel('Repeat the password', { exact: true }).fill(`${identity.password}!`);
    await firstTab.getByRole('button', { name: 'Register', exact: true }).click();
    await firstTab.locator('#error', { hasText: "passwordConfirm: The two password fields didn't match." }).waitFor();

    await firstTab.getByLabel('Repeat the password', { exact: true }).fill(identity.password);
    await firstTab.getByRole('button', { name: 'Register', exact: true }).click();
    await firstTab.locator('#notice', { hasText: `Welcome, ${identity.username}` }).waitFor();

    await logIn(firstTab, identity.username, identity.password);
    expect(await visibleText(firstTab, '#sessions')).toContain('This browser');
    // Recent security activity, newest first: this sign-in, then the registration.
    await firstTab.locator('#security-activity li[data-type="SIGNED_IN"]').first().waitFor();
    expect(await firstTab.locator('#security-activity li').evaluateAll((items) => items.map((item) => item.getAttribute('data-type')))).toEqual([
      'SIGNED_IN',
      'ACCOUNT_CREATED',
    ]);
    expect(await visibleText(firstTab, '#security-activity')).toContain('Signed in');
    // What any script on the page (an XSS payload too) could read: neither token is there.
    const reachable = await firstTab.evaluate(
      '({ cookies: document.cookie, storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) })',
    );
    expect(reachable).toEqual({ cookies: '', storage: '{}{}' });
    const [cookie] = await laptop.cookies();
    expect(cookie).toMatchObject({ name: 'cloud_auth_refresh', httpOnly: true, sameSite: 'Strict', path: '/graphql' });
  });

  it('gives a script on the page no refresh token, even one that asks the API for it', async () => {
    // What an XSS payload could try: refresh with the cookie itself and select the token.
    const answer = (await firstTab.evaluate(`fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { refreshToken { accessToken refreshToken } }' }),
    }).then((response) => response.json())`)) as { data?: { refreshToken: { accessToken: string; refreshToken: string } } };
    expect(answer.data?.refreshToken.accessToken).toEqual(expect.any(String));
    expect(answer.data?.refreshToken.refreshToken).toBe('');
  });

  it('reloads me after the access token expired with no visible error: one silent refresh for both queries', async () => {
    const sent = recordOperations(firstTab);
    await pastExpiry();
    await firstTab.getByRole('button', { name: 'Reload' }).click();
    await settled(firstTab);
    await firstTab.locator('#me', { hasText: identity.username }).waitFor();

    expect(await section(firstTab, 'signed-in').isVisible()).toBe(true);
    expect(await visibleText(firstTab, '#error')).toBe('');
    // Me and Sessions both failed on the expired token, shared one refresh, and were retried.
    expect(count(sent, 'RefreshSession')).toBe(1);
    expect(count(sent, 'Me')).toBe(2);
  });

  it('opens a second tab that refreshes at the same moment as the first, and neither is signed out', async () => {
    await pastExpiry();
    secondTab = await laptop.newPage();
    const firstSent = recordOperations(firstTab);
    const secondSent = recordOperations(secondTab);
    // The new tab restores its session from the cookie while the first tab's token expired: both
    // refresh now. Taking turns (Web Locks), they never present the same refresh token twice.
    await Promise.all([secondTab.goto(web.url), firstTab.getByRole('button', { name: 'Reload' }).click()]);
    await Promise.all([settled(firstTab), settled(secondTab)]);
    await section(secondTab, 'signed-in').waitFor();
    await secondTab.locator('#me', { hasText: identity.username }).waitFor();
    expect(count(firstSent, 'RefreshSession') + count(secondSent, 'RefreshSession')).toBe(2);

    // Had one token been presented twice, the server would have revoked the session by now.
    await firstTab.getByRole('button', { name: 'Reload' }).click();
    await secondTab.getByRole('button', { name: 'Reload' }).click();
    for (const tab of [firstTab, secondTab]) {
      await settled(tab);
      await tab.locator('#me', { hasText: identity.username }).waitFor();
      expect(await section(tab, 'signed-in').isVisible()).toBe(true);
      expect(await visibleText(tab, '#error')).toBe('');
    }
    expect(await secondTab.locator('#sessions li').count()).toBe(1);
  });

  it('revokes the session from the second tab and the first tab is signed out', async () => {
    await secondTab.getByRole('button', { name: 'Revoke this session' }).click();
    await section(secondTab, 'signed-out').waitFor();
    await section(firstTab, 'signed-out').waitFor();
    expect(await visibleText(firstTab, '#notice')).toBe('You were signed out in another tab.');
    expect(await visibleText(firstTab, '#error')).toBe('');

    // The cookie is gone, so a reload does not bring the session back.
    await firstTab.reload();
    await section(firstTab, 'signed-out').waitFor();
    expect(await laptop.cookies()).toEqual([]);
  });

  it('signs this browser out cleanly at its next request when another device revoked its session', async () => {
    await logIn(firstTab, identity.username, identity.password);
    const { phone, phoneTab } = await signInOnPhone();
    await phoneTab.locator('#sessions li', { hasText: 'Revoke' }).nth(1).waitFor();
    await phoneTab.getByRole('button', { name: 'Revoke', exact: true }).click();
    await settled(phoneTab);
    expect(await phoneTab.locator('#sessions li').count()).toBe(1);

    await firstTab.getByRole('button', { name: 'Reload' }).click();
    await section(firstTab, 'signed-out').waitFor();
    expect(await visibleText(firstTab, '#notice')).toBe('Your session has ended. Please log in again.');
    expect(await visibleText(firstTab, '#error')).toBe('');
    expect(await section(phoneTab, 'signed-in').isVisible()).toBe(true);
    await phone.close();
  });

  it(
    'changes the password and carries on silently with the new tokens while the other device is signed out',
    async () => {
      await logIn(firstTab, identity.username, identity.password);
      const { phone, phoneTab } = await signInOnPhone();
      const newPassword = 'another-Violet-Hill-82';
      await firstTab.getByLabel('Current password', { exact: true }).fill(identity.password);
      await firstTab.getByLabel('New password', { exact: true }).fill(newPassword);
      await firstTab.getByLabel('Repeat new password', { exact: true }).fill(newPassword);
      await firstTab.getByRole('button', { name: 'Change password' }).click();
      await firstTab.locator('#notice', { hasText: 'Password changed' }).waitFor();

      await settled(firstTab);
      await phoneTab.getByRole('button', { name: 'Reload' }).click();
      await section(phoneTab, 'signed-out').waitFor();

      // The refresh after expiry presents the cookie changePassword set.
      await pastExpiry();
      await firstTab.getByRole('button', { name: 'Reload' }).click();
      await settled(firstTab);
      expect(await section(firstTab, 'signed-in').isVisible()).toBe(true);
      expect(await visibleText(firstTab, '#error')).toBe('');
      identity.password = newPassword;
      await phone.close();
    },
  );
});
