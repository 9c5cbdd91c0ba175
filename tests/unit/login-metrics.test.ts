import { parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { rootLoginKeys } from '../../src/observability/graphql-plugin.js';

/** The response keys the metrics count as login attempts for one document's first operation. */
function keysOf(source: string): string[] {
  const document = parse(source);
  const operation = document.definitions.find((definition) => definition.kind === 'OperationDefinition') as
    | OperationDefinitionNode
    | undefined;
  return rootLoginKeys(operation, document);
}

describe('root login fields counted as login attempts', () => {
  it('counts a plain login and each alias', () => {
    expect(keysOf('mutation { login(input: {}) { accessToken } }')).toEqual(['login']);
    expect(keysOf('mutation { a: login(input: {}) { accessToken } b: login(input: {}) { accessToken } }')).toEqual(['a', 'b']);
  });

  it('finds logins inside inline fragments and fragment spreads, and survives a fragment cycle', () => {
    const source = `
      mutation { ...Outer ... on Mutation { inline: login(input: {}) { accessToken } } }
      fragment Outer on Mutation { spread: login(input: {}) { accessToken } ...Outer }
    `;
    expect(keysOf(source).sort()).toEqual(['inline', 'spread']);
  });

  it('ignores queries, other mutations and nested fields named login', () => {
    expect(keysOf('query { me { id } }')).toEqual([]);
    expect(keysOf('mutation { logout(refreshToken: "") }')).toEqual([]);
    expect(keysOf('mutation { register(input: {}) { login: id } }')).toEqual([]);
  });
});
