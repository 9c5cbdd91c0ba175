import { Role } from '../../src/db/entities/index.js';
import { expectData, TestClient, type OperationResult } from './client.js';
import { newIdentity } from './accounts.js';
import { LoginDocument } from './operations.js';
import type { TestServer } from './server.js';

/**
 * An ADMIN signed in over HTTP. The account is made by the server's own register (with the role
 * createsuperuser gives), as there is no API to make admins; the CLI has its own test.
 */
export async function signUpAdmin(server: TestServer, prefix = 'admin') {
  const identity = newIdentity(prefix);
  const user = await server.app.services.accounts.register(
    server.app.orm.em.fork(),
    { ...identity, passwordConfirm: identity.password },
    { role: Role.ADMIN, isActive: true },
  );
  const client = new TestClient(server.url);
  const tokens = expectData(
    await client.run(LoginDocument, { input: { username: identity.username, password: identity.password } }),
  ).login;
  client.accessToken = tokens.accessToken;
  return { identity, user, tokens, client };
}

/** The single error of a failed operation: its code and field errors. */
export function failureOf(result: OperationResult<unknown>) {
  if (result.errors.length !== 1) throw new Error(`expected one error, got ${JSON.stringify(result.errors)}`);
  const [error] = result.errors;
  return {
    code: error.extensions.code as string,
    message: error.message,
    reason: error.extensions.reason as string | undefined,
    fieldErrors: (error.extensions.fieldErrors ?? {}) as Record<string, string[]>,
  };
}

/** Waits until every mail and look-up the server queued after its responses has finished. */
export const settled = (server: TestServer) => server.app.services.background.drain(10_000);
