import { ApolloLink } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { from, of, switchMap, throwError } from 'rxjs';
import { isUnauthenticated } from './errors';
import type { AuthSession } from './session';

/** Operation context: which access token went out, and whether this is already the retry. */
interface AuthContext {
  /** Send no access token (the refresh itself, which authenticates with the cookie). */
  anonymous?: boolean;
  sentAccessToken?: string | null;
  retriedAfterRefresh?: boolean;
}

/**
 * Apollo Links that make token expiry invisible: every operation carries the current access
 * token; one that comes back UNAUTHENTICATED waits for a refresh (shared by all operations that
 * failed together, see AuthSession.refresh) and is retried once with the new token. When the
 * refresh is refused the session signs out and the operation's original error goes through.
 */
export function createAuthLink(session: AuthSession): ApolloLink {
  const attachAccessToken = new ApolloLink((operation, forward) => {
    const context = operation.getContext() as AuthContext;
    const token = context.anonymous ? null : session.accessToken;
    operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
      sentAccessToken: token,
      headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers,
    }));
    return forward(operation);
  });

  const retryAfterRefresh = new ErrorLink(({ error, result, operation, forward }) => {
    const { sentAccessToken, retriedAfterRefresh } = operation.getContext() as AuthContext;
    if (!sentAccessToken || retriedAfterRefresh || !isUnauthenticated(error)) return;
    return from(session.renewAfterRejection(sentAccessToken)).pipe(
      switchMap((renewed) => {
        if (!renewed) return result ? of(result) : throwError(() => error);
        operation.setContext({ retriedAfterRefresh: true });
        return forward(operation);
      }),
    );
  });

  return ApolloLink.from([retryAfterRefresh, attachAccessToken]);
}
