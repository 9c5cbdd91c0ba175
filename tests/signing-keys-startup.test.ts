import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { runServerExpectingFailure, spawnServer } from './helpers/process.js';
import { TEST_JWT_SECRET } from './helpers/server.js';

const OTHER_SECRET = 'another-secret-that-is-at-least-32-bytes-long!';
const KEK = 'a-key-encryption-key-of-at-least-32-bytes!!';
const OTHER_KEK = 'another-key-encryption-key-at-least-32-bytes';

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

/** Starts the compiled server once (generating the first keys), then stops it. */
async function firstStart(env: Record<string, string>): Promise<void> {
  const server = await spawnServer(env);
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
}

describe('the signing keys at start (node dist/main.js)', () => {
  it('stops with one line naming JWT_SECRET when the keys in the database were made under another JWT_SECRET', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    await firstStart({ DATABASE_URL: database.url, JWT_SECRET: TEST_JWT_SECRET });
    const { code, stderr } = await runServerExpectingFailure({ DATABASE_URL: database.url, JWT_SECRET: OTHER_SECRET });
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/cannot be decrypted with JWT_SECRET/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('names KEY_ENCRYPTION_KEY when that is set, and a changed JWT_SECRET alone does not matter then', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    await firstStart({ DATABASE_URL: database.url, JWT_SECRET: TEST_JWT_SECRET, KEY_ENCRYPTION_KEY: KEK });
    // The keys are the KEY_ENCRYPTION_KEY's: a new JWT_SECRET (which ends sessions) leaves them usable.
    await firstStart({ DATABASE_URL: database.url, JWT_SECRET: OTHER_SECRET, KEY_ENCRYPTION_KEY: KEK });
    const { code, stderr } = await runServerExpectingFailure({
      DATABASE_URL: database.url,
      JWT_SECRET: TEST_JWT_SECRET,
      KEY_ENCRYPTION_KEY: OTHER_KEK,
    });
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/cannot be decrypted with KEY_ENCRYPTION_KEY/);
  });

  it('refuses a KEY_ENCRYPTION_KEY shorter than 32 bytes and an unknown JWT_ALGORITHM, naming the variable', async () => {
    for (const [variable, value] of [
      ['KEY_ENCRYPTION_KEY', 'short'],
      ['JWT_ALGORITHM', 'none'],
      ['SIGNING_KEYS_REFRESH', '0'],
      ['PUBLIC_URL', 'ftp://example.com'],
    ]) {
      const { code, stderr } = await runServerExpectingFailure({ JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: 'sqlite::memory:', [variable]: value });
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([expect.stringContaining(`Invalid configuration: ${variable}`)]);
    }
  });
});
