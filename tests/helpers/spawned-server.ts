import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from './database.js';
import { TEST_JWT_SECRET } from './server.js';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');
const START_TIMEOUT_MS = 30_000;

export interface SpawnedServer {
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  origin: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  /** SIGTERM (if still running), wait for the exit, drop the database. */
  stop(): Promise<void>;
}

/**
 * Runs the compiled server (`node dist/main.js`, as `npm start` does; global-setup rebuilt dist/)
 * on a fresh test database and a free port, with only the environment given here (and
 * SHUTDOWN_DELAY=0 unless given).
 */
export async function spawnServer(env: Record<string, string> = {}): Promise<SpawnedServer> {
  const database: TestDatabase = await createTestDatabase();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: database.url,
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'info',
      // Production's default pause before the drain (5 s) would add to every test's stop; tests of
      // the pause itself set it.
      SHUTDOWN_DELAY: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );

  const started = Date.now();
  let url: string | undefined;
  while (!url) {
    const line = output.split('\n').find((text) => text.includes('"cloud-auth is serving"'));
    if (line) url = JSON.parse(line).url as string;
    else if (child.exitCode !== null || Date.now() - started > START_TIMEOUT_MS) {
      child.kill('SIGKILL');
      await database.drop();
      throw new Error(`the server did not start:\n${output}`);
    } else await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    url,
    origin: new URL(url).origin,
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
      await database.drop();
    },
  };
}
