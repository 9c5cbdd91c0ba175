#!/usr/bin/env node
// `npm start`: compile when the build is missing or older than the sources, then run the
// server in this same process (so that signals reach it directly).
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'main.js');

function newestSourceTime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const stale =
  !existsSync(entry) ||
  newestSourceTime(join(root, 'src')) > statSync(entry).mtimeMs ||
  ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].some(
    (file) => statSync(join(root, file)).mtimeMs > statSync(entry).mtimeMs,
  );
if (stale) {
  process.stderr.write('Building (tsc)...\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });
}
require(entry);
