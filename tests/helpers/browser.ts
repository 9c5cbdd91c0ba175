import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's chromium (`apt-get install -y chromium`, done by .ci/run), or CHROMIUM_PATH; never a
 * downloaded browser.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Set by .ci/run: a missing browser fails the browser tests instead of skipping them. */
const BROWSER_REQUIRED = process.env.CLOUD_AUTH_REQUIRE_BROWSER === '1';

/**
 * Why the browser tests cannot run here (null when they can). Without Chromium they are skipped,
 * saying so, so that `npm test` passes on a fresh machine; CI requires them.
 */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM_PATH) || BROWSER_REQUIRED) return null;
  return `Chromium not found at ${CHROMIUM_PATH}; enable with: apt-get install -y chromium (or CHROMIUM_PATH=/path/to/chromium)`;
}

/** Screenshots of failed browser tests land here (ignored by git, kept by CI). */
export const TEST_OUTPUT_DIR = join(__dirname, '..', '..', 'test-output');

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // Headless as root on a machine without a GPU or a network: no sandbox, no background traffic.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 30_000,
  });
}

/** Saves what each page showed, named after the failed test. */
export async function screenshotPages(testName: string, pages: Page[]): Promise<void> {
  mkdirSync(TEST_OUTPUT_DIR, { recursive: true });
  const base = testName.replace(/[^\w-]+/g, '-').slice(0, 100);
  await Promise.all(
    pages
      .filter((page) => !page.isClosed())
      .map((page, index) => page.screenshot({ path: join(TEST_OUTPUT_DIR, `${base}-${index + 1}.png`), fullPage: true }).catch(() => {})),
  );
}
