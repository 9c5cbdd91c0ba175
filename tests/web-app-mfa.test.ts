import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import { Session, User } from '../src/db/entities/index.js';
import { newIdentity, signUpAndLogIn } from './helpers/accounts.js';
import { browserSkipReason, launchChromium, screenshotPages } from './helpers/browser.js';
import { authenticatorApp, awayFromStepBoundary, enableTotp } from './helpers/mfa.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { buildWebApp, previewWebApp, WEB_APP_DIR, type RunningWebApp } from './helpers/web-app.js';
import { button, enterPassword, reauthPrompt, section, settled, signOut, text } from './helpers/web-page.js';

/**
 * Two-factor authentication in the example app (examples/web), in headless Chromium against a
 * real server in cookie mode: turning it on (QR code, key, a code from the app, recovery codes
 * shown once and copied), signing in with a code or a recovery code, and "Confirm it's you" before
 * sensitive changes. Codes come from otpauth (tests/helpers/mfa.ts) at different time steps for
 * successive uses (a step is accepted once). Steps run in order; a failed step leaves screenshots
 * in test-output/.
 */

/** The example app's own QR encoder: the symbol the page should show for a text. */
const QRCode = createRequire(join(WEB_APP_DIR, 'package.json'))('qrcode') as {
  create(text: string): { modules: { size: number; get(row: number, col: number): number } };
};

const RECOVERY_CODE = /^[a-z2-9]{5}-[a-z2-9]{5}$/;
const REAUTH_MAX_AGE_SECONDS = 300;

/** Waits until the page has finished what the last click started (the app marks itself aria-busy). */
const recoveryCodesShown = (page: Page) => page.locator('#recovery-code-list li').allTextContents();

/** The completeMfaLogin requests a page sent: the mfaToken and code of each. */
function recordMfaLogins(page: Page): Array<{ mfaToken: string; code: string }> {
  const sent: Array<{ mfaToken: string; code: string }> = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/graphql') || request.method() !== 'POST') return;
    const body = request.postDataJSON() as { operationName?: string; variables?: { input?: { mfaToken: string; code: string } } } | null;
    if (body?.operationName === 'CompleteMfaLogin' && body.variables?.input) sent.push(body.variables.input);
  });
  return sent;
}

async function expectSignedIn(page: Page, username: string, twoFactorOn: boolean): Promise<void> {
  await section(page, 'signed-in').waitFor();
  await page.locator('#me', { hasText: username }).waitFor();
  await page.locator(`#mfa-status[data-enabled="${twoFactorOn}"]`).waitFor();
  expect(await text(page.locator('#mfa-status'))).toContain(twoFactorOn ? 'Two-factor authentication is on' : 'Two-factor authentication is off');
  expect(await text(page.locator('#error'))).toBe('');
}

/**
 * What the <img> shows, module by module, compared with the QR symbol of `text`: the number of
 * modules that differ (0 when the picture is that QR code), and the share of dark pixels.
 */
async function compareQrImage(page: Page, imageSelector: string, expectedText: string): Promise<{ differing: number; darkShare: number }> {
  // A string, not a function: tests are compiled without the DOM's types.
  const picture = (await page.evaluate(`(() => {
    const img = document.querySelector(${JSON.stringify(imageSelector)});
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0) return { width: 0, height: 0, dark: '' };
    context.drawImage(img, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let dark = '';
    for (let i = 0; i < data.length; i += 4) dark += data[i] + data[i + 1] + data[i + 2] < 384 && data[i + 3] > 128 ? '1' : '0';
    return { width: canvas.width, height: canvas.height, dark };
  })()`)) as { width: number; height: number; dark: string };
  expect(picture.width).toBeGreaterThan(0);
  const isDark = (x: number, y: number) => picture.dark[y * picture.width + x] === '1';
  // The symbol's bounding box: its three finder patterns reach the top, left, right and bottom edges.
  let [left, top, right, bottom] = [picture.width, picture.height, -1, -1];
  for (let y = 0; y < picture.height; y += 1) {
    for (let x = 0; x < picture.width; x += 1) {
      if (!isDark(x, y)) continue;
      [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
    }
  }
  const darkShare = picture.dark.split('').filter((bit) => bit === '1').length / picture.dark.length;
  if (right < 0) return { differing: Number.POSITIVE_INFINITY, darkShare };
  const { modules } = QRCode.create(expectedText);
  const moduleWidth = (right - left + 1) / modules.size;
  const moduleHeight = (bottom - top + 1) / modules.size;
  let differing = 0;
  for (let row = 0; row < modules.size; row += 1) {
    for (let col = 0; col < modules.size; col += 1) {
      const shown = isDark(Math.floor(left + (col + 0.5) * moduleWidth), Math.floor(top + (row + 0.5) * moduleHeight));
      if (shown !== Boolean(modules.get(row, col))) differing += 1;
    }
  }
  return { differing, darkShare };
}

const skipReason = browserSkipReason();
if (skipReason) it.skip(`SKIPPED the browser test: ${skipReason}`, () => {});

/** Steps that build on each other: after a failure the rest are skipped (and every open page is screenshotted). */
function stepsInOrder(pages: () => Page[]) {
  let failed = false;
  beforeEach((context: TestContext) => {
    if (failed) context.skip();
    context.onTestFailed(async () => {
      failed = true;
      await screenshotPages(context.task.name, pages());
    });
  });
}

describe.skipIf(skipReason !== null)('two-factor authentication in the example web app in Chromium (REFRESH_TOKEN_COOKIE=true)', () => {
  let server: TestServer;
  let web: RunningWebApp;
  let browser: Browser;

  beforeAll(async () => {
    const builtApp = buildWebApp();
    server = await startTestServer({ REFRESH_TOKEN_COOKIE: 'true', REAUTH_MAX_AGE: String(REAUTH_MAX_AGE_SECONDS) });
    web = await previewWebApp(server.origin, builtApp);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await server?.stop();
  });

  /**
   * Makes every session of the account have proved its user's identity just over REAUTH_MAX_AGE
   * ago, as the database sees it (rather than waiting five minutes, or racing a short window).
   */
  async function provedLongAgo(username: string) {
    const em = server.app.orm.em.fork();
    const user = await em.findOneOrFail(User, { username });
    const provedAt = new Date(Date.now() - (REAUTH_MAX_AGE_SECONDS + 1) * 1000);
    await em.nativeUpdate(Session, { user: user.id }, { authenticatedAt: provedAt });
  }

  describe('turning it on, and signing in with a code or a recovery code', () => {
    let context: BrowserContext;
    let page: Page;
    const identity = newIdentity('webmfa');
    let app: ReturnType<typeof authenticatorApp>;
    let firstCodes: string[] = [];
    let codes: string[] = [];

    beforeAll(async () => {
      context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
      context.setDefaultTimeout(10_000);
      page = await context.newPage();
    });

    stepsInOrder(() => context?.pages() ?? []);

    it('registers and logs in through the page: two-factor authentication is off, no authenticator app', async () => {
      await page.goto(web.url);
      await section(page, 'signed-out').waitFor();
      await page.getByLabel('New username', { exact: true }).fill(identity.username);
      await page.getByLabel('Email', { exact: true }).fill(identity.email);
      await page.getByLabel('Choose a password', { exact: true }).fill(identity.password);
      await page.getByLabel('Repeat the password', { exact: true }).fill(identity.password);
      await button(page, 'Register').click();
      await page.locator('#notice', { hasText: `Welcome, ${identity.username}` }).waitFor();

      await enterPassword(page, identity.username, identity.password);
      await expectSignedIn(page, identity.username, false);
      expect(await text(page.locator('#totp-factors'))).toBe('None yet.');
      expect(await button(page, 'Make new recovery codes').isVisible()).toBe(false);
    });

    it('turns it on: the QR code of the otpauth URI and the key, a code from the app confirms, 10 recovery codes are shown and copied', async () => {
      await button(page, 'Turn on two-factor authentication').click();
      await settled(page);
      const qr = page.getByAltText('QR code for your authenticator app');
      await qr.waitFor();
      const secret = (await text(page.locator('#mfa-secret'))).replace(/\s/g, '');
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      // The link (for an authenticator app on this device) and the QR code carry the same otpauth URI.
      const uri = (await page.getByRole('link', { name: 'Open in an authenticator app on this device' }).getAttribute('href')) ?? '';
      const parsed = new URL(uri);
      expect(parsed.protocol).toBe('otpauth:');
      expect(parsed.searchParams.get('secret')).toBe(secret);
      expect(decodeURIComponent(parsed.pathname)).toContain(identity.username);
      const box = await qr.boundingBox();
      expect(box?.width).toBeGreaterThan(100);
      const shown = await compareQrImage(page, 'img[alt="QR code for your authenticator app"]', uri);
      expect(shown.differing).toBe(0);
      expect(shown.darkShare).toBeGreaterThan(0.2);
      expect(shown.darkShare).toBeLessThan(0.8);
      // Not on yet: the app waits for its first code.
      await page.locator('#totp-factors', { hasText: 'waiting for its first code' }).waitFor();

      app = authenticatorApp(secret);
      await awayFromStepBoundary();
      // The previous step's code: the current and next ones stay free for the steps below.
      await page.getByLabel('Code from your app', { exact: true }).fill(app.code(-1));
      await button(page, 'Confirm').click();
      await settled(page);
      await page.locator('#recovery-codes').waitFor();
      firstCodes = await recoveryCodesShown(page);
      expect(firstCodes).toHaveLength(10);
      expect(new Set(firstCodes).size).toBe(10);
      for (const code of firstCodes) expect(code).toMatch(RECOVERY_CODE);
      await expectSignedIn(page, identity.username, true);
      expect(await page.getByAltText('QR code for your authenticator app').isVisible()).toBe(false);
      expect(await text(page.locator('#mfa-secret'))).toBe('');
      expect(await text(page.locator('#totp-factors'))).toContain('last used');
      await page.locator('#security-activity li[data-type="MFA_ENABLED"]').waitFor();

      await button(page, 'Copy recovery codes').click();
      await page.locator('#notice', { hasText: 'Recovery codes copied' }).waitFor();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(firstCodes.join('\n'));

      await button(page, 'I have saved them').click();
      await page.locator('#recovery-codes').waitFor({ state: 'hidden' });
      expect(await recoveryCodesShown(page)).toEqual([]);
      expect(await page.content()).not.toContain(firstCodes[0]);
    });

    it('asks "Confirm it\'s you" for new recovery codes (this session proved only the password), with the password and a code', async () => {
      await button(page, 'Make new recovery codes').click();
      const prompt = reauthPrompt(page);
      await prompt.waitFor();
      await settled(page);
      await prompt.getByLabel('Your password', { exact: true }).fill('not-the-Password-1');
      await prompt.getByLabel('Code from your app, or a recovery code', { exact: true }).fill(app.code(0));
      await button(prompt, 'Continue').click();
      await prompt.locator('#reauth-error', { hasText: 'The password is not right.' }).waitFor();
      expect(await prompt.isVisible()).toBe(true);

      // The code of the refused attempt was not spent: the password check comes first.
      await prompt.getByLabel('Your password', { exact: true }).fill(identity.password);
      await prompt.getByLabel('Code from your app, or a recovery code', { exact: true }).fill(app.code(0));
      await button(prompt, 'Continue').click();
      await prompt.waitFor({ state: 'hidden' });
      await settled(page);
      await page.locator('#recovery-codes').waitFor();
      codes = await recoveryCodesShown(page);
      expect(codes).toHaveLength(10);
      for (const code of codes) expect(code).toMatch(RECOVERY_CODE);
      expect(codes.filter((code) => firstCodes.includes(code))).toEqual([]);
      expect(await text(page.locator('#notice'))).toContain('the old ones no longer work');
      expect(await text(page.locator('#error'))).toBe('');
      await page.locator('#security-activity li[data-type="RECOVERY_CODES_REGENERATED"]').waitFor();
      await button(page, 'I have saved them').click();
      await page.locator('#recovery-codes').waitFor({ state: 'hidden' });
    });

    it('signs in with the password and then a code from the app, keeping the pending sign-in out of storage', async () => {
      await signOut(page);
      await enterPassword(page, identity.username, identity.password);
      const codeField = page.getByLabel('Code from your authenticator app', { exact: true });
      await codeField.waitFor();
      expect(await section(page, 'signed-out').isVisible()).toBe(true);
      expect(await page.locator('#login-form').isVisible()).toBe(false);
      expect(await text(page.locator('#error'))).toBe('');
      const reachable = await page.evaluate('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie');
      expect(reachable).toBe('{}{}');

      await codeField.fill(app.code(1));
      await button(page, 'Verify').click();
      await settled(page);
      await expectSignedIn(page, identity.username, true);
      const [cookie] = await context.cookies();
      expect(cookie).toMatchObject({ name: 'cloud_auth_refresh', httpOnly: true });
    });

    it('signs in with a recovery code ("Use a recovery code"): one of the replaced set is refused, a new one works, on the same pending sign-in', async () => {
      await signOut(page);
      const sent = recordMfaLogins(page);
      await enterPassword(page, identity.username, identity.password);
      await button(page, 'Use a recovery code').click();
      const codeField = page.getByLabel('Recovery code', { exact: true });
      await codeField.fill(firstCodes[0]);
      await button(page, 'Verify').click();
      await settled(page);
      await page.locator('#error', { hasText: 'The code is not right, or was already used.' }).waitFor();
      expect(await codeField.isVisible()).toBe(true);

      await codeField.fill(codes[0]);
      await button(page, 'Verify').click();
      await settled(page);
      await expectSignedIn(page, identity.username, true);
      expect(sent.map((request) => request.code)).toEqual([firstCodes[0], codes[0]]);
      expect(new Set(sent.map((request) => request.mfaToken)).size).toBe(1);
      await page.locator('#security-activity li[data-type="RECOVERY_CODE_USED"]').waitFor();
    });

    it('refuses the same recovery code on the next sign-in, with a visible error', async () => {
      await signOut(page);
      await enterPassword(page, identity.username, identity.password);
      await button(page, 'Use a recovery code').click();
      await page.getByLabel('Recovery code', { exact: true }).fill(codes[0]);
      await button(page, 'Verify').click();
      await settled(page);
      await page.locator('#error', { hasText: 'The code is not right, or was already used.' }).waitFor();
      expect(await section(page, 'signed-in').isVisible()).toBe(false);
      expect(await context.cookies()).toEqual([]);
    });
  });

  describe('"Confirm it\'s you" once the session\'s proof of identity is older than REAUTH_MAX_AGE', () => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      context = await browser.newContext();
      context.setDefaultTimeout(10_000);
      page = await context.newPage();
    });

    stepsInOrder(() => context?.pages() ?? []);

    it('removes the authenticator app after re-authenticating (cancelling first changes nothing), and two-factor is off', async () => {
      // An account with an app named Phone, set up over the API (its confirming code is of the previous step).
      const { client, identity } = await signUpAndLogIn(server.url, 'webreauth');
      const { app } = await enableTotp(client, 'Phone');

      await page.goto(web.url);
      await enterPassword(page, identity.username, identity.password);
      await page.getByLabel('Code from your authenticator app', { exact: true }).fill(app.code(0));
      await button(page, 'Verify').click();
      await settled(page);
      await expectSignedIn(page, identity.username, true);
      const phone = page.locator('#totp-factors li', { hasText: 'Phone' });
      await phone.waitFor();

      // Which access token each operation went out with, and the one reauthenticate answered.
      const sent: Array<{ name: string; authorization: string | undefined }> = [];
      let reauthenticatedToken = '';
      page.on('request', (request) => {
        const name = request.method() === 'POST' ? (request.postDataJSON() as { operationName?: string } | null)?.operationName : undefined;
        if (name) sent.push({ name, authorization: request.headers().authorization });
      });
      page.on('response', (response) => {
        const name = (response.request().postDataJSON() as { operationName?: string } | null)?.operationName;
        if (name !== 'Reauthenticate') return;
        void response.json().then(
          (body: { data?: { reauthenticate: { accessToken: string } } }) => (reauthenticatedToken = body.data?.reauthenticate.accessToken ?? ''),
          () => {},
        );
      });

      await provedLongAgo(identity.username);
      await button(phone, 'Remove').click();
      const prompt = reauthPrompt(page);
      await prompt.waitFor();
      await settled(page);
      await button(prompt, 'Cancel').click();
      await prompt.waitFor({ state: 'hidden' });
      await settled(page);
      expect(await text(page.locator('#error'))).toBe('');
      expect(await phone.isVisible()).toBe(true);

      await button(phone, 'Remove').click();
      await prompt.waitFor();
      await prompt.getByLabel('Your password', { exact: true }).fill(identity.password);
      await prompt.getByLabel('Code from your app, or a recovery code', { exact: true }).fill(app.code(1));
      await button(prompt, 'Continue').click();
      await prompt.waitFor({ state: 'hidden' });
      await settled(page);
      await expectSignedIn(page, identity.username, false);
      expect(await text(page.locator('#notice'))).toContain('two-factor authentication is off');
      expect(await text(page.locator('#totp-factors'))).toBe('None yet.');
      await page.locator('#security-activity li[data-type="MFA_DISABLED"]').waitFor();
      // Refused (then cancelled), refused again, and retried after reauthenticate with its fresh token.
      const removals = sent.filter((request) => request.name === 'RemoveTotpFactor');
      expect(removals).toHaveLength(3);
      expect(reauthenticatedToken).not.toBe('');
      expect(removals[2].authorization).toBe(`Bearer ${reauthenticatedToken}`);
      expect(removals[1].authorization).not.toBe(removals[2].authorization);
      expect(sent.filter((request) => request.name === 'Reauthenticate')).toHaveLength(1);

      // The session carries on with the tokens reauthenticate handed over, also after a reload (the cookie).
      await page.reload();
      await expectSignedIn(page, identity.username, false);
    });  });
});
