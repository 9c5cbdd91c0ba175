import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
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

/**
 * Type-checks and builds the app as `npm run build` does there, into a folder of its own, which
 * it returns. Not into examples/web/dist: the browser test files run two at a time, and one
 * file's build emptying dist/ while another's `vite preview` served from it answered a page
 * load with a bare 404 (CI once failed on exactly that).
 */
export function buildWebApp(): string {
  if (!existsSync(VITE)) throw new Error('examples/web has no node_modules: run `npm ci --prefix examples/web`');
  const tsc = spawnSync(process.execPath, [join(WEB_APP_DIR, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit'], {
    cwd: WEB_APP_DIR,
    encoding: 'utf8',
  });
  if (tsc.status !== 0) throw new Error(`examples/web does not type-check:\n${tsc.stdout}${tsc.stderr}`);
  const outDir = mkdtempSync(join(tmpdir(), 'cloud-auth-web-'));
  const build = spawnSync(process.execPath, [VITE, 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], {
    cwd: WEB_APP_DIR,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`examples/web does not build:\n${build.stdout}${build.stderr}`);
  return outDir;
}

/**
 * `vite preview` of the app built into `outDir` (by buildWebApp, removed on stop), forwarding
 * /graphql to the API at `apiOrigin` (same origin for the browser).
 */
export async function previewWebApp(apiOrigin: string, outDir: string): Promise<RunningWebApp> {
  const port = await freePort();
  const args = [VITE, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', outDir];
  const child: ChildProcess = spawn(process.execPath, args, {
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
    stop: async () => {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill();
        });
      }
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
