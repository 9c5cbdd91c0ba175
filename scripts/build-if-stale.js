// Compiles src/ into dist/ when the build is missing or older than the sources or the
// compiler settings, so that `npm start` and the operator commands work right after `npm ci`.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync } = require('node:fs');
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

// tsc builds incrementally and rewrites only the outputs that changed, so an entry file's own
// time says nothing about the rest of dist/; its build-info file is the build's time stamp.
const buildInfo = join(root, 'dist', '.tsbuildinfo');

/** Builds when `entry` (a file in dist/) is missing or the build is older than its inputs; returns its path. */
function buildIfStale(entry) {
  const target = join(root, entry);
  const builtAt = existsSync(target) && existsSync(buildInfo) ? statSync(buildInfo).mtimeMs : 0;
  const stale =
    builtAt === 0 ||
    newestSourceTime(join(root, 'src')) > builtAt ||
    ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].some((file) => statSync(join(root, file)).mtimeMs > builtAt);
  if (stale) {
    process.stderr.write('Building (tsc)...\n');
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
      stdio: 'inherit',
      cwd: root,
    });
    // A build with nothing to emit leaves the stamp as it was; mark the sources as built now.
    const now = new Date();
    utimesSync(buildInfo, now, now);
  }
  return target;
}

module.exports = { buildIfStale };
