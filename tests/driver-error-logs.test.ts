import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { newIdentity } from './helpers/accounts.js';
import { createTestDatabase, onPostgres, type TestDatabase } from './helpers/database.js';
import { postGraphQL } from './helpers/http.js';
import { testConfig } from './helpers/server.js';

/**
 * A database error carries the statement it failed on, with the bound values written into its
 * message by MikroORM: for an INSERT into users that is the password hash and the email. The log
 * of an unexpected error keeps the driver's reason and never those values.
 */

const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { id } }';

/** Makes every INSERT into users fail inside the database, as a broken disk or constraint would. */
const FAILING_INSERT = onPostgres
  ? [
      `create function cloud_auth_test_refuse() returns trigger language plpgsql as $$ begin raise exception 'forced failure'; end $$`,
      'create trigger refuse_users before insert on users for each row execute function cloud_auth_test_refuse()',
    ]
  : [`create trigger refuse_users before insert on users begin select raise(abort, 'forced failure'); end`];

describe('the log of a database error', () => {
  let database: TestDatabase;
  let app: App;
  const lines: Array<Record<string, any>> = [];
  let raw = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
      const complete = raw.split('\n');
      raw = complete.pop()!;
      for (const line of complete) if (line) lines.push(JSON.parse(line));
    });
    const config = testConfig(database.url, { LOG_LEVEL: 'error' });
    app = await startApp(config, createLogger(config.logLevel, stream));
    for (const statement of FAILING_INSERT) await app.orm.em.getConnection().execute(statement);
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it('keeps the driver reason and drops the bound values: no password hash, password or email', async () => {
    const identity = newIdentity('logged');
    const response = await postGraphQL(`${app.origin}/graphql`, REGISTER, { input: { ...identity, passwordConfirm: identity.password } });
    expect(response.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(response)).not.toMatch(/forced failure|insert|argon2/i);

    const logged = lines.find((line) => line.msg === 'unexpected error while executing an operation');
    expect(logged, JSON.stringify(lines)).toBeDefined();
    const text = JSON.stringify(logged);
    expect(text).toContain('forced failure');
    expect(text).toMatch(/insert into/i);
    expect(text).not.toContain('$argon2');
    expect(text).not.toContain(identity.password);
    expect(text).not.toContain(identity.email);
  });
});
