import { bearer, postGraphQL, type GraphQLResponse } from './http.js';

export const SIGNING_KEYS = '{ signingKeys { kid algorithm state createdAt activatedAt } }';
export const ROTATE = 'mutation { rotateSigningKey { kid algorithm state createdAt activatedAt } }';
export const REVOKE = 'mutation ($kid: ID!) { revokeSigningKey(kid: $kid) { kid algorithm state createdAt activatedAt } }';

export interface SigningKeyNode {
  kid: string;
  algorithm: string;
  state: 'STANDBY' | 'CURRENT' | 'PREVIOUS' | 'REVOKED';
  createdAt: string;
  activatedAt: string | null;
}

/** The admin's view of the keys; throws on an error answer. */
export async function signingKeys(url: string, accessToken: string): Promise<SigningKeyNode[]> {
  const response: GraphQLResponse<{ signingKeys: SigningKeyNode[] }> = await postGraphQL(url, SIGNING_KEYS, {}, bearer(accessToken));
  if (!response.data) throw new Error(`signingKeys failed: ${JSON.stringify(response.errors)}`);
  return response.data.signingKeys;
}

export const keyInState = (keys: SigningKeyNode[], state: SigningKeyNode['state']) => keys.filter((key) => key.state === state);

/** The `kid` header of a JWT (tests only read it, never trust it). */
export const kidOf = (token: string): string | undefined =>
  JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid;

export interface Jwks {
  keys: Array<Record<string, unknown> & { kid: string; kty: string; alg: string; use: string }>;
}

export async function fetchJwks(origin: string): Promise<Jwks> {
  const response = await fetch(`${origin}/.well-known/jwks.json`);
  if (response.status !== 200) throw new Error(`JWKS answered ${response.status}`);
  return (await response.json()) as Jwks;
}

/** Polls `check` every 100 ms until it holds or `timeoutMs` passes; returns whether it held. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let round = 0; round < 200 && Date.now() < deadline; round++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}
