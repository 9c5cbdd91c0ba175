import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLFormattedError, ParseOptions, ValidationRule } from 'graphql';
import type { GraphQLLimits } from '../config/index.js';
import { credentialFieldsRule } from './credential-fields.rule.js';

export interface DocumentLimits {
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
  /** graphql-js's `validate` options, which Apollo Server passes through. */
  validationOptions: { maxErrors: number };
}

/**
 * Validation stops at this many errors (graphql-js's default is 100). Without a small bound, a
 * document that repeats one mistake, e.g. `__typename @aa@aa@aa…`, gets one error per
 * repetition: work and an answer that grow with whatever the client chose to repeat.
 */
export const MAX_VALIDATION_ERRORS = 5;

/**
 * The per-document limits Apollo Server applies before anything executes. Every refusal is
 * GRAPHQL_VALIDATION_FAILED with HTTP 400 and a message naming the limit.
 *
 * - aliases, depth, directives and cost: graphql-armor's validation rules. Aliases count on
 *   every field: armor leaves `__typename` out by default (its allowList), which let 101
 *   aliased `__typename` through, as graphql-cop's alias-overloading probe showed;
 * - tokens: graphql-js's own `maxTokens` parse option, which aborts the lexer at the limit, so
 *   that a 20,000-alias document costs microseconds and never reaches validation (whose
 *   overlapping-fields check is quadratic). armor's Apollo token plugin is not used: it throws
 *   from a plugin hook, which Apollo Server answers with a 500;
 * - at most one credential-checking field per operation (our rule; armor has none);
 * - at most MAX_VALIDATION_ERRORS errors: graphql-js's `maxErrors`, which aborts validation
 *   there (Apollo Server passes `validationOptions` to `validate`).
 * Field suggestions are removed by the error formatter in production (errors.ts), because
 * armor's suggestion filter misses graphql-js's "Did you mean the enum value …" form.
 */
export function documentLimits(limits: GraphQLLimits): DocumentLimits {
  const armor = new ApolloArmor({
    maxAliases: { n: limits.maxAliases, allowList: [] },
    maxDepth: { n: limits.maxDepth },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: { maxCost: limits.maxCost },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    validationRules: [...armor.validationRules, credentialFieldsRule],
    parseOptions: { maxTokens: limits.maxTokens },
    validationOptions: { maxErrors: MAX_VALIDATION_ERRORS },
  };
}

const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more th[ae]t (\d+) tokens\. Parsing aborted\.$/;
const ERROR_LIMIT_MESSAGE = 'Too many validation errors, error limit reached. Validation aborted.';

/**
 * graphql-js reports its token limit as a parse failure, and its error limit in words of its
 * own; clients see both as the limits they are, like the other limits: GRAPHQL_VALIDATION_FAILED
 * naming the limit. Anything else: undefined.
 */
export function documentLimitRefusal(formatted: GraphQLFormattedError): GraphQLFormattedError | undefined {
  const code = formatted.extensions?.code;
  if (code === 'GRAPHQL_VALIDATION_FAILED' && formatted.message === ERROR_LIMIT_MESSAGE) {
    return {
      message: `Validation error limit of ${MAX_VALIDATION_ERRORS} exceeded: the document was refused without being validated further.`,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    };
  }
  if (code !== 'GRAPHQL_PARSE_FAILED') return undefined;
  const match = TOKEN_LIMIT_MESSAGE.exec(formatted.message);
  if (!match) return undefined;
  return {
    message: `Token limit of ${match[1]} exceeded: the document was refused without being parsed further.`,
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
  };
}

/** graphql-js "Did you mean …?" hints, in all their forms (fields, arguments, types, enum values). */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** Production hides the schema: no hints that name fields the caller did not already know. */
export const withoutSuggestions = (message: string): string => message.replace(SUGGESTION, '');
