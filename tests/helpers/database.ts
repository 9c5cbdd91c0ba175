import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knex } from '@mikro-orm/postgresql';

/**
 * Which database the suite runs on: SQLite by default, PostgreSQL with TEST_DATABASE=postgres
 * (`npm run test:postgres`). Each test server gets a database of its own either way.
 */
export const TEST_DATABASE: 'sqlite' | 'postgres' = /^postgres(ql)?$/.test(process.env.TEST_DATABASE ?? '') ? 'postgres' : 'sqlite';
export const onPostgres = TEST_DATABASE === 'postgres';

/** The server's maintenance database, where test databases are created and dropped. */
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** DATABASE_URL for the server under test. */
  url: string;
  /** A temp folder for the SQLite file or anything else the server keeps on disk. */
  dir: string;
  /** Drops the database and the folder; the servers using it must be stopped first. */
  drop(): Promise<void>;
}

async function withAdmin<T>(work: (admin: ReturnType<typeof knex>) => Promise<T>): Promise<T> {
  const admin = knex({ client: 'pg', connection: ADMIN_URL, pool: { min: 0, max: 1 } });
  try {
    return await work(admin);
  } finally {
    await admin.destroy();
  }
}

/** A fresh, empty database: a SQLite file in a temp folder, or `cloud_auth_test_<random>` on PostgreSQL. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'cloud-auth-test-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  if (!onPostgres) {
    return { url: `sqlite:${join(dir, 'auth.db')}`, dir, drop: async () => removeDir() };
  }
  const name = `cloud_auth_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.raw(`create database ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dir,
    async drop() {
      // FORCE: a test that failed half-way may have left a connection open.
      await withAdmin((admin) => admin.raw(`drop database if exists ${name} with (force)`));
      removeDir();
    },
  };
}
