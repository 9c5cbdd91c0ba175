import type { Locator, Page } from 'playwright-core';

/** What the example web app's page tests share: where things are, and waiting for the page. */

/** Waits until the page has finished what the last click started (the app marks itself aria-busy). */
export const settled = (page: Page) => page.locator('#app:not([aria-busy])').waitFor();
export const section = (page: Page, id: 'signed-in' | 'signed-out') => page.locator(`#${id}`);
export const text = async (locator: Locator) => (await locator.textContent())?.trim() ?? '';
export const button = (scope: Page | Locator, name: string) => scope.getByRole('button', { name, exact: true });
export const reauthPrompt = (page: Page) => page.getByRole('dialog', { name: "Confirm it's you" });

/** The password half of signing in; an account with two-factor on is then asked for a second step. */
export async function enterPassword(page: Page, username: string, password: string): Promise<void> {
  await section(page, 'signed-out').waitFor();
  await page.getByLabel('Username or email', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await button(page, 'Log in').click();
  await settled(page);
}

export async function signOut(page: Page): Promise<void> {
  await button(page, 'Log out').click();
  await section(page, 'signed-out').waitFor();
  await settled(page);
}
