#!/usr/bin/env node
// `npm run migration:create -- <name>`: writes an empty migration class into src/db/migrations/
// and registers it in src/db/migrations/index.ts (the migrator runs exactly that list, in order).
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const name = (process.argv[2] ?? '').replace(/[^A-Za-z0-9_]/g, '_');
if (!name) {
  process.stderr.write('usage: npm run migration:create -- <name>\n');
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const className = `Migration${stamp}_${name}`;
const dir = join(__dirname, '..', 'src', 'db', 'migrations');

writeFileSync(
  join(dir, `${className}.ts`),
  `import { SchemaMigration } from './schema-migration.js';

export class ${className} extends SchemaMigration {
  override async up(): Promise<void> {
    // this.addSchema(this.schema.alterTable('users', (table) => { ... }));
  }

  override async down(): Promise<void> {}
}
`,
);

const indexPath = join(dir, 'index.ts');
const index = readFileSync(indexPath, 'utf8')
  .replace(/(\n\/\*\*)/, `import { ${className} } from './${className}.js';\n$1`)
  .replace(/\n\];\s*$/, `\n  { name: '${className}', class: ${className} },\n];\n`);
writeFileSync(indexPath, index);
process.stdout.write(`created src/db/migrations/${className}.ts and listed it in index.ts\n`);
