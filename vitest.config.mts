import { createRequire } from 'node:module';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// Tests run through SWC, not esbuild: type-graphql and MikroORM read the decorator metadata
// that only a transform with `decoratorMetadata` emits.
export default defineConfig({
  plugins: [
    swc.vite({
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      },
    }),
  ],
  resolve: {
    // One graphql module for everyone: Vite would pick graphql's ESM build for our sources while
    // type-graphql and Apollo Server require its CommonJS build, and graphql refuses to mix them.
    alias: [
      { find: /^graphql$/, replacement: require.resolve('graphql') },
      // graphql-shield's ESM build imports util.isUndefined, which Node 23+ removed (the import
      // fails at link time); its CommonJS build, the one dist/ runs, only calls it in chain() and
      // race(), which the permissions do not use (see src/graphql/permissions.ts).
      { find: /^graphql-shield$/, replacement: require.resolve('graphql-shield') },
    ],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // The JSON report lets .ci/run print one plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-output/vitest-results.json' }]],
    globalSetup: ['tests/global-setup.ts'],
    // Each worker loads MikroORM as main.ts does, before any test imports it.
    setupFiles: ['tests/setup/orm-async-stores.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each test file starts its own servers on its own SQLite files; two at a time fit 2 cores.
    maxWorkers: 2,
  },
});
