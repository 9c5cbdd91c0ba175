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

/** `name=value` of the named cookie in Set-Cookie headers (what a browser would send back), or null. */
export function cookiePair(setCookies: string[], name: string): string | null {
  const header = setCookies.find((line) => line.startsWith(`${name}=`));
  return header ? header.split(';')[0] : null;
}
