import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Role, User } from '../src/db/entities/index.js';
import type { UsersQuery } from './gql/graphql.js';
import { codesOf, expectData, TestClient, type OperationResult } from './helpers/client.js';
import { newIdentity, signUpAndLogIn } from './helpers/accounts.js';
import { UserDocument, UsersDocument } from './helpers/lifecycle-operations.js';
import { failureOf, signUpAdmin } from './helpers/lifecycle.js';
import { RegisterDocument } from './helpers/operations.js';
import { startTestServer, type TestServer } from './helpers/server.js';

describe('user(id) and users(first, after, search)', () => {
  let server: TestServer;
  let admin: TestClient;

  beforeAll(async () => {
    server = await startTestServer();
    admin = (await signUpAdmin(server)).client;
  });
  afterAll(() => server.stop());

  it('lets an admin read any user by id', async () => {
    const { user } = await signUpAndLogIn(server.url, 'seen');
    expect(expectData(await admin.run(UserDocument, { id: user.id })).user).toMatchObject({ id: user.id, role: 'USER' });
  });

  it('gives an admin null for an unknown id', async () => {
    expect(expectData(await admin.run(UserDocument, { id: randomUUID() })).user).toBeNull();
    expect(expectData(await admin.run(UserDocument, { id: 'not-a-uuid' })).user).toBeNull();
  });

  it('lets a user read themselves by id', async () => {
    const { client, user } = await signUpAndLogIn(server.url, 'self');
    expect(expectData(await client.run(UserDocument, { id: user.id })).user?.id).toBe(user.id);
  });

  it('answers FORBIDDEN to a user reading anyone else, known or not', async () => {
    const { client } = await signUpAndLogIn(server.url, 'nosy');
    const { user: other } = await signUpAndLogIn(server.url, 'other');
    expect(codesOf(await client.run(UserDocument, { id: other.id }))).toEqual(['FORBIDDEN']);
    expect(codesOf(await client.run(UserDocument, { id: randomUUID() }))).toEqual(['FORBIDDEN']);
  });

  it('keeps users for admins: UNAUTHENTICATED without a token, FORBIDDEN for a user', async () => {
    const { client } = await signUpAndLogIn(server.url, 'plain');
    expect(codesOf(await new TestClient(server.url).run(UsersDocument, {}))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await client.run(UsersDocument, {}))).toEqual(['FORBIDDEN']);
    expect(codesOf(await new TestClient(server.url).run(UserDocument, { id: randomUUID() }))).toEqual(['UNAUTHENTICATED']);
  });

  it('pages newest first across pages with a case-insensitive search on username or email', async () => {
    const anonymous = new TestClient(server.url);
    const tag = `pg${process.pid}`;
    const made: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      // Half match by username, half only by email.
      const identity = newIdentity(index % 2 ? `${tag}user` : 'someone');
      const email = index % 2 ? identity.email : `${identity.username}@${tag}-Mail.example`;
      made.push(
        expectData(
          await anonymous.run(RegisterDocument, { input: { ...identity, email, passwordConfirm: identity.password } }),
        ).register.id,
      );
    }
    const unrelated = newIdentity('unrelated');
    expectData(await anonymous.run(RegisterDocument, { input: { ...unrelated, passwordConfirm: unrelated.password } }));

    const seen: string[] = [];
    let after: string | null = null;
    const pageSizes: number[] = [];
    for (let page = 0; page < 5; page += 1) {
      const response: OperationResult<UsersQuery> = await admin.run(UsersDocument, { first: 2, after, search: tag.toUpperCase() });
      const result = expectData(response).users;
      expect(result.totalCount).toBe(5);
      pageSizes.push(result.edges.length);
      seen.push(...result.edges.map((edge) => edge.node.id));
      expect(result.pageInfo.endCursor).toBe(result.edges.at(-1)?.cursor ?? null);
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(pageSizes).toEqual([2, 2, 1]);
    expect(seen).toEqual([...made].reverse());
  });

  it('lists everyone newest first without a search, 20 by default', async () => {
    const result = expectData(await admin.run(UsersDocument, {})).users;
    const joined = result.edges.map((edge) => edge.node.dateJoined);
    expect(joined).toEqual([...joined].sort().reverse());
    expect(result.edges.length).toBeLessThanOrEqual(20);
    expect(result.totalCount).toBeGreaterThanOrEqual(result.edges.length);
  });

  it('takes % and _ in a search literally', async () => {
    expect(expectData(await admin.run(UsersDocument, { search: '%' })).users.totalCount).toBe(0);
    expect(expectData(await admin.run(UsersDocument, { search: '_' })).users.totalCount).toBe(0);
  });

  it('refuses first outside 1..100 and a cursor it did not make, on the argument', async () => {
    for (const first of [0, -1, 101]) {
      expect(failureOf(await admin.run(UsersDocument, { first })).fieldErrors).toHaveProperty('first');
    }
    expect(expectData(await admin.run(UsersDocument, { first: 100 })).users.edges.length).toBeGreaterThan(0);
    for (const after of ['garbage', Buffer.from('1:2').toString('base64url')]) {
      expect(failureOf(await admin.run(UsersDocument, { after })).fieldErrors).toHaveProperty('after');
    }
  });

  it('takes access away from a demoted admin at once', async () => {
    const demoted = await signUpAdmin(server, 'demoted');
    expectData(await demoted.client.run(UsersDocument, { first: 1 }));
    await server.app.orm.em.fork().nativeUpdate(User, { id: demoted.user.id }, { role: Role.USER });
    expect(codesOf(await demoted.client.run(UsersDocument, { first: 1 }))).toEqual(['FORBIDDEN']);
    const someone = await signUpAndLogIn(server.url, 'private');
    expect(codesOf(await demoted.client.run(UserDocument, { id: someone.user.id }))).toEqual(['FORBIDDEN']);
  });
});
