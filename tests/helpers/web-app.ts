import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** examples/web, the example app, with its own dependencies (`npm ci --prefix examples/web`). */
export const WEB_APP_DIR = join(__dirname, '..', '..', 'examples', 'web');
const VITE = join(WEB_APP_DIR, 'node_modules', 'vite', 'bin', 'vite.js');

export interface RunningWebApp {
  /** e.g. http://127.0.0.1:41234/ */
  url: string;
  stop(): Promise<void>;
}

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Type-checks and builds the app exactly as `npm run build` does there. */
export function buildWebApp(): void {
  if (!existsSync(VITE)) throw new Error('examples/web has no node_modules: run `npm ci --prefix examples/web`');
  const tsc = spawnSync(process.execPath, [join(WEB_APP_DIR, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit'], {
    cwd: WEB_APP_DIR,
    encoding: 'utf8',
  });
  if (tsc.status !== 0) throw new Error(`examples/web does not type-check:\n${tsc.stdout}${tsc.stderr}`);
  const build = spawnSync(process.execPath, [VITE, 'build', '--logLevel', 'warn'], { cwd: WEB_APP_DIR, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`examples/web does not build:\n${build.stdout}${build.stderr}`);
}

/** `vite preview` of the built app, forwarding /graphql to the API at `apiOrigin` (same origin for the browser). */
export async function previewWebApp(apiOrigin: string): Promise<RunningWebApp> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [VITE, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: WEB_APP_DIR,
    env: { ...process.env, CLOUD_AUTH_URL: apiOrigin },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite preview exited:\n${output}`);
    const up = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`vite preview did not answer within 20 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
