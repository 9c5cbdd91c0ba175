import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Some tests run the compiled server as a child process (a SIGKILL, a bad configuration),
 * exactly as `npm start` does; make sure dist/ matches the sources first.
 */
export default function setup(): void {
  const root = join(__dirname, '..');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: 'inherit',
  });
}
