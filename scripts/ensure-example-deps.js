#!/usr/bin/env node
// `npm test` runs this first: the browser test builds examples/web, which has its own
// package.json and lock file. Installs them once, on a fresh clone; a no-op afterwards.
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const app = join(__dirname, '..', 'examples', 'web');
if (!existsSync(join(app, 'node_modules', '.package-lock.json'))) {
  process.stderr.write('Installing examples/web dependencies (npm ci --prefix examples/web)...\n');
  execFileSync('npm', ['ci', '--prefix', app, '--no-audit', '--no-fund'], { stdio: 'inherit' });
}
