// Compiles src/ into dist/ when the build is missing or older than the sources or the
// compiler settings, so that `npm start` and the operator commands work right after `npm ci`.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

function newestSourceTime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds when `entry` (a file in dist/) is missing or stale; returns its absolute path. */
function buildIfStale(entry) {
  const target = join(root, entry);
  const stale =
    !existsSync(target) ||
    newestSourceTime(join(root, 'src')) > statSync(target).mtimeMs ||
    ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].some(
      (file) => statSync(join(root, file)).mtimeMs > statSync(target).mtimeMs,
    );
  if (stale) {
    process.stderr.write('Building (tsc)...\n');
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
      stdio: 'inherit',
      cwd: root,
    });
  }
  return target;
}

module.exports = { buildIfStale };
