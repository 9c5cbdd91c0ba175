import { expectData, TestClient } from './client.js';
import { LoginDocument, RegisterDocument } from './operations.js';

export const GOOD_PASSWORD = 'violet-Mountain-47-river';

let counter = 0;

/** A unique, valid username and email for one test. */
export function newIdentity(prefix = 'user') {
  counter += 1;
  const name = `${prefix}${process.pid}x${counter}`;
  return { username: name, email: `${name}@example.com`, password: GOOD_PASSWORD };
}

/** Registers a fresh user and signs in; the client carries the access token afterwards. */
export async function signUpAndLogIn(url: string, prefix?: string) {
  const identity = newIdentity(prefix);
  const client = new TestClient(url);
  const registered = expectData(
    await client.run(RegisterDocument, { input: { ...identity, passwordConfirm: identity.password } }),
  ).register;
  const tokens = expectData(
    await client.run(LoginDocument, { input: { username: identity.username, password: identity.password } }),
  ).login;
  client.accessToken = tokens.accessToken;
  return { identity, user: registered, tokens, client };
}
