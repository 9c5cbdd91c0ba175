import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { GraphQLContext } from '../context.js';
import type { Logger } from '../logger.js';
import type { ErrorCode } from '../errors.js';
import type { LoginOutcome, Metrics } from './metrics.js';

const RATE_LIMITED: ErrorCode = 'RATE_LIMITED';

/** The label for an operation: its one root field ("login"), "multiple", or "invalid" when it never resolved. */
export function operationLabel(operation: OperationDefinitionNode | undefined): string {
  if (!operation) return 'invalid';
  const fields = operation.selectionSet.selections.filter(
    (selection) => selection.kind !== Kind.FIELD || selection.name.value !== '__typename',
  );
  const [only] = fields;
  return fields.length === 1 && only.kind === Kind.FIELD ? only.name.value : 'multiple';
}

/** "success", or the code of the first error (our catalogue's codes, or Apollo's for malformed requests). */
function outcomeOf(requestContext: GraphQLRequestContext<GraphQLContext>): { outcome: string; codes: string[] } {
  const body = requestContext.response.body;
  const errors = body?.kind === 'single' ? (body.singleResult.errors ?? []) : [];
  const codes = [...new Set(errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
  return { outcome: codes[0] ?? 'success', codes };
}

/**
 * The response keys (alias or name) of the root `login` fields an operation executed, through
 * inline fragments and fragment spreads too. Read from the document after the response rather
 * than with a per-field hook: any `willResolveField` makes Apollo wrap every field resolver of
 * every request, which the bench's profile of `me` showed as a cost of its own.
 */
export function rootLoginKeys(operation: OperationDefinitionNode | undefined, document: DocumentNode | undefined): string[] {
  if (operation?.operation !== 'mutation') return [];
  const fragments = new Map(
    (document?.definitions ?? []).flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition.selectionSet] as const] : [],
    ),
  );
  const keys = new Set<string>();
  const visit = (selectionSet: SelectionSetNode, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === 'login') keys.add(selection.alias?.value ?? 'login');
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment, new Set(seen).add(selection.name.value));
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return [...keys];
}

/** Each executed root `login` field is one attempt: its error's code, or success when it has data. */
function loginOutcomes(requestContext: GraphQLRequestContext<GraphQLContext>): LoginOutcome[] {
  const keys = rootLoginKeys(requestContext.operation, requestContext.document);
  const body = requestContext.response.body;
  if (keys.length === 0 || body?.kind !== 'single') return [];
  const { data, errors = [] } = body.singleResult;
  return keys.flatMap((key): LoginOutcome[] => {
    const error = errors.find((candidate) => candidate.path?.[0] === key);
    if (error) return [error.extensions?.code === RATE_LIMITED ? 'throttled' : 'failed'];
    return data && data[key] != null ? ['succeeded'] : [];
  });
}

/**
 * One JSON log line and one metrics sample per GraphQL request: request id, operation, duration,
 * outcome. Variables and headers are never logged (they carry passwords and tokens); the
 * client's operation name is, as it is a GraphQL Name by the time it resolved.
 */
export function observabilityPlugin(logger: Logger, metrics: Metrics): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      logger.debug({ requestId: contextValue.meta.requestId }, 'graphql request started');
      return {
        async willSendResponse(requestContext) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const operation = operationLabel(requestContext.operation);
          const { outcome, codes } = outcomeOf(requestContext);
          metrics.recordRequest(operation, outcome, seconds);
          for (const login of loginOutcomes(requestContext)) metrics.recordLogin(login);
          const { meta, auth } = requestContext.contextValue;
          logger.info(
            {
              requestId: meta.requestId,
              operation,
              operationName: requestContext.operationName?.slice(0, 100) ?? null,
              operationType: requestContext.operation?.operation ?? null,
              userId: auth?.userId ?? null,
              durationMs: Math.round(seconds * 1e4) / 10,
              outcome,
              ...(codes.length > 1 ? { errorCodes: codes } : {}),
              status: requestContext.response.http.status ?? 200,
            },
            'graphql request',
          );
        },
      };
    },
  };
}
