import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { GraphQLContext } from '../context.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { LoginOutcome, Metrics } from './metrics.js';

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

function loginOutcome(error: Error | null): LoginOutcome {
  if (!error) return 'succeeded';
  return error instanceof AppError && error.code === 'RATE_LIMITED' ? 'throttled' : 'failed';
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
        async executionDidStart() {
          return {
            willResolveField({ info }) {
              // Each root `login` field is one attempt, aliases included.
              if (info.path.prev !== undefined || info.parentType.name !== 'Mutation' || info.fieldName !== 'login') {
                return;
              }
              // graphql-shield (allowExternalErrors) hands a resolver's error back as the result.
              return (error, result) => metrics.recordLogin(loginOutcome(error ?? (result instanceof Error ? result : null)));
            },
          };
        },
        async willSendResponse(requestContext) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const operation = operationLabel(requestContext.operation);
          const { outcome, codes } = outcomeOf(requestContext);
          metrics.recordRequest(operation, outcome, seconds);
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
