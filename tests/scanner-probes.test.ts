import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, type RawResponse } from './helpers/hardening.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/**
 * The twelve probes of graphql-cop (dolevf/graphql-cop), an outside scanner of GraphQL
 * endpoints, as plain requests, each with the condition under which the scanner flags the
 * endpoint. A production server must be flagged by none. (The scanner itself is run by hand:
 * README, Security.)
 */
interface Probe {
  name: string;
  send(url: string): Promise<RawResponse>;
  /** The scanner's verdict: true means flagged. */
  flagged(response: RawResponse): boolean;
}

const postJson = (url: string, body: unknown) =>
  rawRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
/** What the scanner sends for one query: the query and operationName "cop". */
const copQuery = (query: string) => (url: string) => postJson(url, { query, operationName: 'cop' });
const get = (query: string, headers: Record<string, string> = {}) => (url: string) =>
  rawRequest(`${url}?${new URLSearchParams({ query })}`, { headers });
const data = (response: RawResponse) => (response.json && !Array.isArray(response.json) ? response.json.data : undefined);

const probes: Probe[] = [
  {
    name: 'alias overloading (101 aliases of __typename)',
    send: copQuery(`query cop { ${Array.from({ length: 101 }, (_, i) => `alias${i}:__typename \n`).join('')} }`),
    flagged: (response) => Boolean(data(response)?.alias100),
  },
  {
    name: 'array-based batching (10 queries in one request)',
    send: (url) => postJson(url, Array.from({ length: 10 }, () => ({ query: 'query cop { __typename }' }))),
    flagged: (response) => Array.isArray(response.json) && response.json.length >= 10,
  },
  {
    name: 'directive overloading (10 repeated directives)',
    send: copQuery('query cop { __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }'),
    flagged: (response) => response.json?.errors?.length === 10,
  },
  {
    name: 'field suggestions',
    send: copQuery('query cop { __schema { directive } }'),
    flagged: (response) => /Did you mean/.test(response.json?.errors?.[0]?.message ?? ''),
  },
  {
    name: 'queries over GET',
    send: get('query cop {__typename}'),
    flagged: (response) => Boolean(data(response)?.__typename),
  },
  {
    name: 'a GraphQL IDE (GraphiQL, Playground)',
    send: (url) => rawRequest(url, { headers: { accept: 'text/html' } }),
    flagged: (response) => ['graphiql.min.css', 'GraphQL Playground', 'GraphiQL', 'graphql-playground'].some((word) => response.text.includes(word)),
  },
  {
    name: 'introspection',
    send: copQuery('query cop { __schema { types { name fields { name } } } }'),
    flagged: (response) => Boolean(data(response)?.__schema?.types),
  },
  {
    name: 'a circular introspection query',
    send: copQuery('query cop { __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }'),
    flagged: (response) => (data(response)?.__schema?.types?.length ?? 0) > 25,
  },
  {
    name: 'a mutation over GET (CSRF)',
    send: get('mutation cop {__typename}'),
    flagged: (response) => Boolean(data(response)?.__typename),
  },
  {
    name: 'a url-encoded POST (CSRF)',
    send: (url) =>
      rawRequest(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query: 'query cop { __typename }' }).toString(),
      }),
    flagged: (response) => Boolean(data(response)?.__typename),
  },
  {
    name: 'trace mode',
    send: copQuery('query cop { __typename }'),
    flagged: (response) => Boolean(response.json?.errors?.[0]?.extensions?.tracing) || /'extensions': \{'tracing':/.test(response.text),
  },
  {
    name: 'unhandled errors (exception details)',
    send: copQuery('qwerty cop { abc }'),
    flagged: (response) => Boolean(response.json?.errors?.[0]?.extensions?.exception) || /"exception"/.test(response.text),
  },
];

describe("graphql-cop's probes against a production server", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'production' });
  });
  afterAll(() => server.stop());

  it('are answered by a GraphQL endpoint (so that the scanner does scan it)', async () => {
    const response = await copQuery('query cop { __typename }')(server.url);
    expect(response.json).toEqual({ data: { __typename: 'Query' } });
  });

  it.each(probes.map((probe) => [probe.name, probe] as const))('flag nothing: %s', async (_name, probe) => {
    const response = await probe.send(server.url);
    expect(response.status).toBeLessThan(500);
    expect(probe.flagged(response), `${response.status} ${response.text.slice(0, 300)}`).toBe(false);
  });
});
