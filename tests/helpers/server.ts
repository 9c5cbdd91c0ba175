import { startApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { createTestDatabase } from './database.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-bytes-long!';

export interface TestServer {
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  origin: string;
  /** The DATABASE_URL this server runs on (for a CLI pointed at the same database). */
  databaseUrl: string;
  /** The temp folder holding this server's SQLite file (on PostgreSQL: an empty temp folder). */
  dir: string;
  app: App;
  stop(): Promise<void>;
}

/** The configuration of a test server: loopback, a free port, a fixed secret, no logs; `env` overrides. */
export function testConfig(databaseUrl: string, env: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    ...env,
  });
}

/**
 * Starts the real server (Express + Apollo + MikroORM) on 127.0.0.1 and a free port, on a fresh
 * database: a SQLite file in a temp folder, or with TEST_DATABASE=postgres a PostgreSQL database
 * of its own (dropped by stop()). `env` overrides the environment the configuration is read from.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  try {
    const config = testConfig(database.url, env);
    const app = await startApp(config, createLogger(config.logLevel));
    return {
      url: `${app.origin}/graphql`,
      origin: app.origin,
      dir: database.dir,
      databaseUrl: database.url,
      app,
      async stop() {
        try {
          await app.stop();
        } finally {
          await database.drop();
        }
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}
