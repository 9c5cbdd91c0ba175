import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { createAuthLink } from './auth/auth-link';
import { isUnauthenticated } from './auth/errors';
import { AuthSession } from './auth/session';
import { createTabChannel } from './auth/tab-channel';
import { LogoutDocument, RefreshSessionDocument } from './operations';

/** Token-bearing results are never written to the cache, which apps sometimes persist to storage. */
export const TOKENS_STAY_OUT_OF_THE_CACHE = 'no-cache';

/**
 * The Apollo Client and the session it authenticates with. /graphql is on the app's own origin
 * (see vite.config.ts), so the browser sends the SameSite=Strict refresh cookie with it.
 */
export function createClient(uri = '/graphql') {
  const session = new AuthSession(
    {
      async refresh() {
        try {
          const { data } = await client.mutate({
            mutation: RefreshSessionDocument,
            context: { anonymous: true },
            fetchPolicy: TOKENS_STAY_OUT_OF_THE_CACHE,
          });
          return data?.refreshToken.accessToken ?? null;
        } catch (error) {
          if (isUnauthenticated(error)) return null;
          throw error;
        }
      },
      async logout() {
        await client.mutate({ mutation: LogoutDocument, context: { anonymous: true } }).catch((error: unknown) => {
          // A cookie that no longer works has been cleared by the server: nothing left to end.
          if (!isUnauthenticated(error)) throw error;
        });
      },
    },
    createTabChannel(),
  );
  const client: ApolloClient = new ApolloClient({
    link: ApolloLink.from([createAuthLink(session), new HttpLink({ uri, credentials: 'same-origin' })]),
    cache: new InMemoryCache(),
  });
  return { client, session };
}
