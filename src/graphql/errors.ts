import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { documentLimitRefusal, withoutSuggestions } from './limits.js';

/** Codes that Apollo Server and graphql-js give to a client's own mistakes; they pass through. */
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Shapes every error a client sees: ours keep their code and details; the client's own
 * mistakes keep Apollo's code; anything else is masked as INTERNAL_SERVER_ERROR and logged,
 * so that no stack trace, SQL or hash ever reaches a response.
 */
export function createErrorFormatter(logger: Logger, options: { hideSuggestions?: boolean } = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const refusal = documentLimitRefusal(formatted);
    if (refusal) return refusal;
    const original = unwrapResolverError(error);
    const where = { locations: formatted.locations, path: formatted.path };
    if (original instanceof AppError) {
      return { message: original.message, ...where, extensions: { code: original.code, ...original.details } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
      const message = options.hideSuggestions ? withoutSuggestions(formatted.message) : formatted.message;
      return { message, ...where, extensions: { code } };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error while executing an operation');
    return { message: 'Internal server error.', ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
