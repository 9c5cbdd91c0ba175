import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { browserSkipReason } from './helpers/browser.js';

/**
 * Some tests run the compiled server as a child process (a SIGKILL, a bad configuration),
 * exactly as `npm start` does; make sure dist/ matches the sources first.
 */
export default function setup(): (() => void) | void {
  const root = join(__dirname, '..');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: 'inherit',
  });
  const skipped = browserSkipReason();
  if (!skipped) return;
  const notice = `*** tests/web-app.test.ts SKIPPED: ${skipped}`;
  process.stdout.write(`\n${notice}\n\n`);
  // Said again at the end, where a reader of the summary looks.
  return () => process.stdout.write(`\n${notice}\n`);
}
