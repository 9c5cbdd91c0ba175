import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { isObjectType, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubgraphSchema, MAX_ENTITY_REPRESENTATIONS, printSubgraphSdl, subgraphPermissions } from '../src/federation/index.js';
import { printSchemaSdl } from '../src/graphql/schema.js';
import { signUpAndLogIn } from './helpers/accounts.js';
import { bearer, errorCodes, postGraphQL } from './helpers/http.js';
import { signUpAdmin } from './helpers/lifecycle.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const root = join(__dirname, '..');

const USER_FIELDS = 'id username email role isActive dateJoined lastLogin';
const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) { __typename ... on User { ${USER_FIELDS} } }
}`;
const PUBLIC_ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on User { id username } }
}`;
const userRef = (id: unknown) => ({ __typename: 'User', id });

describe('the subgraph schema (SUBGRAPH=true)', () => {
  it('matches the committed subgraph.graphql (run `npm run schema` after changing the code)', () => {
    expect(readFileSync(join(root, 'subgraph.graphql'), 'utf8')).toBe(printSubgraphSdl());
  });

  it('declares User as a Federation 2 entity keyed by id, while schema.graphql shows no directive', () => {
    const sdl = readFileSync(join(root, 'subgraph.graphql'), 'utf8');
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])');
    expect(sdl).toMatch(/type User\s+@key\(fields: "id"\)\s*\{/);
    expect(printSchemaSdl()).not.toContain('@key');
    expect(printSchemaSdl()).not.toContain('_entities');
  });

  it('names an explicit permission rule for every Query and Mutation field and every object type', () => {
    const schema = createSubgraphSchema({ serveSdl: true });
    const rules = subgraphPermissions({ serveSdl: true });
    const missing: string[] = [];
    for (const typeName of ['Query', 'Mutation']) {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) continue;
      for (const field of Object.keys(type.getFields())) {
        if (!(rules[typeName] as Record<string, unknown>)[field]) missing.push(`${typeName}.${field}`);
      }
    }
    for (const type of Object.values(schema.getTypeMap())) {
      if (isObjectType(type) && !type.name.startsWith('__') && !(type.name in rules)) missing.push(type.name);
    }
    // Every User field is named one by one, so that a field added to User is closed in the subgraph until it gets a rule.
    const userRules = rules.User as Record<string, unknown>;
    const userType = schema.getType('User');
    if (isObjectType(userType)) for (const field of Object.keys(userType.getFields())) if (!userRules[field]) missing.push(`User.${field}`);
    expect(missing).toEqual([]);
  });
});

describe('cloud-auth served as a subgraph', () => {
  let server: TestServer;
  let plain: TestServer;

  beforeAll(async () => {
    [server, plain] = await Promise.all([startTestServer({ SUBGRAPH: 'true' }), startTestServer()]);
  });

  afterAll(async () => {
    await Promise.all([server?.stop(), plain?.stop()]);
  });

  it('answers _service { sdl } with the SDL committed as subgraph.graphql', async () => {
    const response = await postGraphQL<{ _service: { sdl: string } }>(server.url, '{ _service { sdl } }');
    expect(response.errors).toBeUndefined();
    const served = response.data!._service.sdl;
    expect(printSubgraphSdl(buildSubgraphSchema(parse(served)))).toBe(readFileSync(join(root, 'subgraph.graphql'), 'utf8'));
  });

  it('keeps the plain schema by default: no _service and no _entities there', async () => {
    const response = await postGraphQL(plain.url, '{ _service { sdl } }');
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const entities = await postGraphQL(plain.url, PUBLIC_ENTITIES, { representations: [userRef('x')] });
    expect(errorCodes(entities)[0]).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('still serves the plain operations: me with a token, UNAUTHENTICATED without', async () => {
    const alice = await signUpAndLogIn(server.url, 'subme');
    const me = await postGraphQL(server.url, '{ me { id username email } }', {}, bearer(alice.tokens.accessToken));
    expect(me.data?.me).toEqual({ id: alice.user.id, username: alice.identity.username, email: alice.identity.email });
    const anonymous = await postGraphQL(server.url, '{ me { id } }');
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it('resolves the caller\'s own user by reference with every field, and never a password hash', async () => {
    const alice = await signUpAndLogIn(server.url, 'subself');
    const response = await postGraphQL(server.url, ENTITIES, { representations: [userRef(alice.user.id)] }, bearer(alice.tokens.accessToken));
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities).toEqual([
      expect.objectContaining({ __typename: 'User', id: alice.user.id, username: alice.identity.username, email: alice.identity.email, role: 'USER', isActive: true }),
    ]);
    expect(JSON.stringify(response)).not.toContain('$argon2');
  });

  it('refuses _entities without a token: UNAUTHENTICATED', async () => {
    const alice = await signUpAndLogIn(server.url, 'subanon');
    const response = await postGraphQL(server.url, PUBLIC_ENTITIES, { representations: [userRef(alice.user.id)] });
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.data).toBeNull();
  });

  it("shows another user's id and username to a signed-in caller, but not their email (FORBIDDEN)", async () => {
    const [alice, bob] = await Promise.all([signUpAndLogIn(server.url, 'subalice'), signUpAndLogIn(server.url, 'subbob')]);
    const names = await postGraphQL(server.url, PUBLIC_ENTITIES, { representations: [userRef(bob.user.id)] }, bearer(alice.tokens.accessToken));
    expect(names.errors).toBeUndefined();
    expect(names.data?._entities).toEqual([{ id: bob.user.id, username: bob.identity.username }]);

    for (const field of ['email', 'role', 'isActive', 'dateJoined', 'lastLogin']) {
      const query = `query E($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id ${field} } } }`;
      const response = await postGraphQL(server.url, query, { representations: [userRef(bob.user.id)] }, bearer(alice.tokens.accessToken));
      expect(errorCodes(response), field).toEqual(['FORBIDDEN']);
      // A non-null field's denial nulls the entity; lastLogin, nullable, is null itself.
      expect(response.data?._entities, field).toEqual(field === 'lastLogin' ? [{ id: bob.user.id, lastLogin: null }] : [null]);
      expect(JSON.stringify(response)).not.toContain(bob.identity.email);
    }
  });

  it("shows an admin every field of any user, inactive ones included; others see an inactive user as null", async () => {
    const [admin, alice, carol] = await Promise.all([
      signUpAdmin(server, 'subadmin'),
      signUpAndLogIn(server.url, 'subviewer'),
      signUpAndLogIn(server.url, 'subcarol'),
    ]);
    const deactivate = await postGraphQL(
      server.url,
      'mutation D($id: ID!) { setUserActive(id: $id, active: false) { isActive } }',
      { id: carol.user.id },
      bearer(admin.tokens.accessToken),
    );
    expect(deactivate.data?.setUserActive).toEqual({ isActive: false });

    const asAdmin = await postGraphQL(server.url, ENTITIES, { representations: [userRef(carol.user.id)] }, bearer(admin.tokens.accessToken));
    expect(asAdmin.errors).toBeUndefined();
    expect(asAdmin.data?._entities).toEqual([expect.objectContaining({ id: carol.user.id, email: carol.identity.email, isActive: false })]);

    const asUser = await postGraphQL(server.url, PUBLIC_ENTITIES, { representations: [userRef(carol.user.id)] }, bearer(alice.tokens.accessToken));
    expect(asUser.errors).toBeUndefined();
    expect(asUser.data?._entities).toEqual([null]);
  });

  it('resolves unknown, deleted and malformed ids to null, in the order asked', async () => {
    const [alice, dave] = await Promise.all([signUpAndLogIn(server.url, 'subalice2'), signUpAndLogIn(server.url, 'subdave')]);
    const deleted = await postGraphQL(
      server.url,
      'mutation D($password: String!) { deleteMe(currentPassword: $password) }',
      { password: dave.identity.password },
      bearer(dave.tokens.accessToken),
    );
    expect(deleted.errors).toBeUndefined();
    const response = await postGraphQL(
      server.url,
      PUBLIC_ENTITIES,
      { representations: [userRef('00000000-0000-4000-8000-000000000000'), userRef(dave.user.id), userRef('not-a-uuid'), userRef(alice.user.id)] },
      bearer(alice.tokens.accessToken),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities).toEqual([null, null, null, { id: alice.user.id, username: alice.identity.username }]);
  });

  it('refuses representations of other types or without a string id: BAD_USER_INPUT on representations', async () => {
    const alice = await signUpAndLogIn(server.url, 'subbad');
    const bad = [{ __typename: 'Session', id: alice.user.id }, { __typename: 'User' }, { __typename: 'User', id: 7 }, { id: alice.user.id }, { __typename: 'Nope', id: 'x' }, 'User'];
    for (const representation of bad) {
      const response = await postGraphQL(server.url, PUBLIC_ENTITIES, { representations: [representation] }, bearer(alice.tokens.accessToken));
      expect(response.status, JSON.stringify(representation)).toBe(200);
      expect(errorCodes(response), JSON.stringify(representation)).toEqual(['BAD_USER_INPUT']);
      expect(Object.keys(response.errors![0].extensions!.fieldErrors)).toEqual(['representations']);
    }
  });

  it(`refuses more than ${MAX_ENTITY_REPRESENTATIONS} representations per operation, aliases counted together`, async () => {
    const alice = await signUpAndLogIn(server.url, 'submany');
    const ref = userRef(alice.user.id);
    const atLimit = await postGraphQL(server.url, PUBLIC_ENTITIES, { representations: Array(MAX_ENTITY_REPRESENTATIONS).fill(ref) }, bearer(alice.tokens.accessToken));
    expect(atLimit.errors).toBeUndefined();
    expect(atLimit.data?._entities).toHaveLength(MAX_ENTITY_REPRESENTATIONS);

    const over = await postGraphQL(server.url, PUBLIC_ENTITIES, { representations: Array(MAX_ENTITY_REPRESENTATIONS + 1).fill(ref) }, bearer(alice.tokens.accessToken));
    expect(errorCodes(over)).toEqual(['BAD_USER_INPUT']);

    const half = Math.ceil((MAX_ENTITY_REPRESENTATIONS + 1) / 2);
    const split = await postGraphQL(
      server.url,
      `query E($a: [_Any!]!, $b: [_Any!]!) { a: _entities(representations: $a) { ... on User { id } } b: _entities(representations: $b) { ... on User { id } } }`,
      { a: Array(half).fill(ref), b: Array(half).fill(ref) },
      bearer(alice.tokens.accessToken),
    );
    expect(errorCodes(split)).toContain('BAD_USER_INPUT');
    const answered = [split.data?.a, split.data?.b].filter((list) => Array.isArray(list)).flat();
    expect(answered.length).toBeLessThanOrEqual(MAX_ENTITY_REPRESENTATIONS);
  });

  it('applies the document limits to _entities: too many aliases are refused before anything runs', async () => {
    const alice = await signUpAndLogIn(server.url, 'subalias');
    const fields = Array.from({ length: 20 }, (_, i) => `e${i}: _entities(representations: $r) { ... on User { id } }`).join(' ');
    const response = await postGraphQL(server.url, `query E($r: [_Any!]!) { ${fields} }`, { r: [userRef(alice.user.id)] }, bearer(alice.tokens.accessToken));
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe('a subgraph with introspection off (as in production)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ SUBGRAPH: 'true', GRAPHQL_INTROSPECTION: 'false' });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('does not serve _service { sdl } (FORBIDDEN), but still resolves entities', async () => {
    const response = await postGraphQL(server.url, '{ _service { sdl } }');
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(response)).not.toContain('type User');
    const alice = await signUpAndLogIn(server.url, 'subprod');
    const entities = await postGraphQL(server.url, PUBLIC_ENTITIES, { representations: [userRef(alice.user.id)] }, bearer(alice.tokens.accessToken));
    expect(entities.data?._entities).toEqual([{ id: alice.user.id, username: alice.identity.username }]);
  });
});
