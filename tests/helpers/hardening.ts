import { GOOD_PASSWORD, newIdentity } from './accounts.js';
import { postGraphQL, type GraphQLResponse } from './http.js';

/** Raw HTTP for what GraphQL helpers cannot send: broken JSON, other content types, huge bodies. */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: any;
}

export async function rawRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | FormData } = {},
): Promise<RawResponse> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }';
export const REGISTER = 'mutation Register($input: RegisterInput!) { register(input: $input) { id username } }';

/** A request that appears to come from `address` (believed only when TRUST_PROXY trusts 127.0.0.1). */
export const from = (address: string) => ({ 'x-forwarded-for': address });

export function login(url: string, username: string, password: string, headers: Record<string, string> = {}) {
  return postGraphQL<{ login: { accessToken: string; refreshToken: string } }>(url, LOGIN, { input: { username, password } }, headers);
}

/** Registers a fresh user over raw HTTP and returns its credentials. */
export async function registerUser(url: string, prefix = 'hard', headers: Record<string, string> = {}) {
  const identity = newIdentity(prefix);
  const response = await postGraphQL(url, REGISTER, { input: { ...identity, passwordConfirm: identity.password } }, headers);
  if (response.errors) throw new Error(`register failed: ${JSON.stringify(response.errors)}`);
  return identity;
}

export const WRONG_PASSWORD = `${GOOD_PASSWORD}-wrong`;

/** The error codes of a response (GraphQL or HTTP-level: both carry an `errors` array). */
export const codes = (response: Pick<GraphQLResponse, 'errors'>) => (response.errors ?? []).map((e) => e.extensions?.code);

/** The messages of a response, joined, for matching the limit they name. */
export const messages = (response: Pick<GraphQLResponse, 'errors'>) => (response.errors ?? []).map((e) => e.message).join('\n');
