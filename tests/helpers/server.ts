import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-bytes-long!';

export interface TestServer {
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  origin: string;
  /** The temp folder holding this server's SQLite file. */
  dir: string;
  app: App;
  stop(): Promise<void>;
}

/**
 * Starts the real server (Express + Apollo + MikroORM) on 127.0.0.1 and a free port, on a fresh
 * SQLite file in a temp folder. `env` overrides the environment the configuration is read from.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'cloud-auth-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: `sqlite:${join(dir, 'auth.db')}`,
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await startApp(config, createLogger(config.logLevel));
  return {
    url: `${app.origin}/graphql`,
    origin: app.origin,
    dir,
    app,
    async stop() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
