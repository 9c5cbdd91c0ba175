import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache } from '@apollo/client';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

/** Every answer straight from the server, errors returned beside the data instead of thrown. */
const RAW_RESULTS = { fetchPolicy: 'no-cache', errorPolicy: 'all' } as const;

/**
 * Apollo Client as a Node app would use it, with the typed documents from codegen.
 * `accessToken` may be changed between calls; every request sends the current one.
 */
export class TestClient {
  accessToken: string | null = null;
  readonly apollo: ApolloClient;

  constructor(url: string, headers: Record<string, string> = {}) {
    const auth = new ApolloLink((operation, forward) => {
      operation.setContext(({ headers: previous = {} }: { headers?: Record<string, string> }) => ({
        headers: {
          ...previous,
          ...headers,
          ...(this.accessToken ? { authorization: `Bearer ${this.accessToken}` } : {}),
        },
      }));
      return forward(operation);
    });
    this.apollo = new ApolloClient({
      link: ApolloLink.from([auth, new HttpLink({ uri: url, fetch })]),
      cache: new InMemoryCache(),
    });
  }

  /** Runs a query or mutation; returns its data and its GraphQL errors (never throws for those). */
  async run<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    // Operations without variables are typed `{ [key: string]: never }` by codegen: variables optional.
    ...[variables]: string extends keyof TVariables ? [TVariables?] : keyof TVariables extends never ? [TVariables?] : [TVariables]
  ): Promise<OperationResult<TData>> {
    const isQuery = document.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'query');
    const result = isQuery
      ? await this.apollo.query({ query: document, variables: variables as TVariables, ...RAW_RESULTS })
      : await this.apollo.mutate({ mutation: document, variables: variables as TVariables, ...RAW_RESULTS });
    const error = result.error;
    if (error && !CombinedGraphQLErrors.is(error)) throw error;
    return {
      data: (result.data ?? null) as TData | null,
      errors: error ? error.errors.map((e) => ({ message: e.message, extensions: e.extensions ?? {} })) : [],
    };
  }
}

export interface OperationResult<TData> {
  data: TData | null;
  errors: Array<{ message: string; extensions: Record<string, any> }>;
}

/** The data of a result that must have succeeded; fails the test with the errors otherwise. */
export function expectData<TData>(result: OperationResult<TData>): TData {
  if (result.errors.length > 0 || !result.data) {
    throw new Error(`expected data, got errors: ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}

export const codesOf = (result: OperationResult<unknown>) => result.errors.map((e) => e.extensions.code);
