import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { permissions } from '../src/graphql/permissions.js';
import { createSchema, printSchemaSdl } from '../src/graphql/schema.js';

const root = join(__dirname, '..');

describe('the schema', () => {
  it('matches the committed schema.graphql (run `npm run schema` after changing the code)', () => {
    expect(readFileSync(join(root, 'schema.graphql'), 'utf8')).toBe(printSchemaSdl());
  });

  it('names an explicit permission rule for every Query and Mutation field', () => {
    const schema = createSchema();
    const unguarded: string[] = [];
    for (const typeName of ['Query', 'Mutation'] as const) {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) continue;
      const rules = permissions[typeName] as Record<string, unknown>;
      for (const field of Object.keys(type.getFields())) {
        if (!rules[field]) unguarded.push(`${typeName}.${field}`);
      }
    }
    expect(unguarded).toEqual([]);
  });

  it('gives every object type a rule, so deny-by-default never hides a returned field', () => {
    const schema = createSchema();
    const objectTypes = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__') && !['Query', 'Mutation'].includes(type.name))
      .map((type) => type.name);
    const missing = objectTypes.filter((name) => !(name in permissions));
    expect(missing).toEqual([]);
  });
});
