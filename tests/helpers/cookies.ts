import { request as httpRequest } from 'node:http';

/** Raw GraphQL over HTTP with the response's cookies, for the refresh-token cookie mode. */

export interface CookieResponse {
  status: number;
  body: { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
  /** Every Set-Cookie header of the response, as sent. */
  setCookies: string[];
}

export async function postWithCookie(
  url: string,
  query: string,
  { cookie, headers = {}, variables = {} }: { cookie?: string; headers?: Record<string, string>; variables?: object } = {},
): Promise<CookieResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, body: (await response.json()) as CookieResponse['body'], setCookies: response.headers.getSetCookie() };
}

/**
 * As postWithCookie, with the `Host` header of `host`, as a reverse proxy in front of the server
 * would send it (fetch cannot set Host; node:http can).
 */
export function postAsHost(
  url: string,
  host: string,
  query: string,
  { cookie, headers = {}, variables = {} }: { cookie?: string; headers?: Record<string, string>; variables?: object } = {},
): Promise<CookieResponse> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        hostname,
        port,
        path: pathname,
        method: 'POST',
        headers: { host, 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...headers },
        timeout: 15_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as CookieResponse['body'];
            resolve({ status: response.statusCode ?? 0, body, setCookies: response.headers['set-cookie'] ?? [] });
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error('request timed out')));
    request.on('error', reject);
    request.end(JSON.stringify({ query, variables }));
  });
}

/** `name=value` of the named cookie in Set-Cookie headers (what a browser would send back), or null. */
export function cookiePair(setCookies: string[], name: string): string | null {
  const header = setCookies.find((line) => line.startsWith(`${name}=`));
  return header ? header.split(';')[0] : null;
}
