import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');

describe('the generated typed documents', () => {
  it('match schema.graphql and the operations of the tests and the example app (run `npm run codegen` after changing either)', () => {
    // The CLI's own bin, as `npm run codegen` runs it (package exports hide the path from require.resolve).
    const cli = join(root, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js');
    const check = spawnSync(process.execPath, [cli, '--config', 'codegen.ts', '--check'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const stale = (check.stdout + check.stderr).split('\n').filter((line) => line.trim().startsWith('- '));
    expect(stale, check.stdout + check.stderr).toEqual([]);
    expect(check.status).toBe(0);
  });
});
