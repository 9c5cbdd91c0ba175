import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { GraphQLContext } from '../context.js';
import type { Logger } from '../logger.js';
import type { SecurityEventSink } from '../events/sink.js';
import type { Metrics } from './metrics.js';
import { countSecurityEvents, EventsPerRequest, logSecurityEvents } from './security-event-listeners.js';

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
 * One JSON log line and one metrics sample per GraphQL request: request id, operation, duration,
 * outcome. Variables and headers are never logged (they carry passwords and tokens); the
 * client's operation name is, as it is a GraphQL Name by the time it resolved.
 *
 * Security events reach the log and the metrics from the event sink (src/events/), once their
 * transaction committed: a line each, the login and reuse counters, and the request's line
 * lists the types of the events it caused.
 */
export function observabilityPlugin(logger: Logger, metrics: Metrics, events: SecurityEventSink): ApolloServerPlugin<GraphQLContext> {
  const perRequest = new EventsPerRequest();
  events.subscribe(countSecurityEvents(metrics));
  events.subscribe(logSecurityEvents(logger));
  events.subscribe(perRequest.listener);
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      perRequest.begin(contextValue.meta.requestId);
      logger.debug({ requestId: contextValue.meta.requestId }, 'graphql request started');
      return {
        async willSendResponse(requestContext) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const operation = operationLabel(requestContext.operation);
          const { outcome, codes } = outcomeOf(requestContext);
          metrics.recordRequest(operation, outcome, seconds);
          const { meta, auth } = requestContext.contextValue;
          const securityEvents = perRequest.end(meta.requestId);
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
              ...(securityEvents.length > 0 ? { securityEvents } : {}),
              status: requestContext.response.http.status ?? 200,
            },
            'graphql request',
          );
        },
      };
    },
  };
}
