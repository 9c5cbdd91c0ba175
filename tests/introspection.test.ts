import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isIntrospectionType,
  isObjectType,
  lexicographicSortSchema,
  printSchema,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL } from './helpers/http.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const root = join(__dirname, '..');

/** Everything a schema browser documents that has no description: types, fields, arguments, enum values. */
function undocumented(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const rootTypes = new Set([schema.getQueryType(), schema.getMutationType()].filter(Boolean).map((t) => t!.name));
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
    // Query and Mutation are documented by their fields; tools show no text for the root types.
    if (!type.description && !rootTypes.has(type.name)) missing.push(type.name);
    if (isObjectType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) {
          if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
  }
  return missing;
}

describe('introspection of the running server, as schema tooling sees it', () => {
  let server: TestServer;
  let served: GraphQLSchema;
  beforeAll(async () => {
    server = await startTestServer();
    const response = await postGraphQL<IntrospectionQuery>(server.url, getIntrospectionQuery({ inputValueDeprecation: true }));
    expect(response.errors).toBeUndefined();
    served = buildClientSchema(response.data!);
  });
  afterAll(() => server.stop());

  it('serves exactly the committed schema.graphql', () => {
    const committed = buildSchema(readFileSync(join(root, 'schema.graphql'), 'utf8'));
    expect(printSchema(lexicographicSortSchema(served))).toBe(printSchema(lexicographicSortSchema(committed)));
  });

  it('documents every type, field, argument and enum value', () => {
    expect(undocumented(served)).toEqual([]);
  });
});
