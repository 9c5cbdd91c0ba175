import 'reflect-metadata';
import { applyMiddleware, type IMiddleware, type IMiddlewareGenerator } from 'graphql-middleware';
import { GraphQLScalarType, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { buildSchemaSync } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { permissionMiddleware } from './permissions.js';
import { rateLimitMiddleware } from './rate-limit.middleware.js';
import { AccountLifecycleResolver } from './resolvers/account-lifecycle.resolver.js';
import { AccountResolver } from './resolvers/account.resolver.js';
import { SessionResolver } from './resolvers/session.resolver.js';
import { TokenResolver } from './resolvers/token.resolver.js';
import { UserAdminResolver } from './resolvers/user-admin.resolver.js';
import { SecurityEventResolver } from '../events/resolver.js';
import { AdminAccountResolver } from '../admin/resolver.js';
import { SigningKeyResolver } from '../keys/resolver.js';
import { MfaResolver } from '../mfa/resolver.js';
import { PasskeyResolver } from '../passkeys/resolver.js';
import { IdentityProviderResolver } from '../providers/resolver.js';

export const resolvers = [
  AccountResolver,
  TokenResolver,
  SessionResolver,
  AccountLifecycleResolver,
  UserAdminResolver,
  SecurityEventResolver,
  AdminAccountResolver,
  SigningKeyResolver,
  MfaResolver,
  PasskeyResolver,
  IdentityProviderResolver,
] as const;

/** type-graphql's scalar for Date (graphql-scalars' DateTimeISO), described in the contract's words. */
const DateTimeISO = new GraphQLScalarType({
  ...GraphQLDateTimeISO.toConfig(),
  description: 'An ISO-8601 date-time string in UTC, e.g. 2026-11-24T10:00:00.000Z',
});

/**
 * type-graphql's schema of the resolvers, before any permission. `skipCheck` leaves out
 * graphql-js's schema validation, which the federation build needs (it adds the federation
 * directives the `@key` on User names afterwards).
 */
export function buildResolverSchema(options: { skipCheck?: boolean } = {}): GraphQLSchema {
  return buildSchemaSync({
    resolvers,
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeISO }],
    skipCheck: options.skipCheck ?? false,
  });
}

export type GuardMiddleware = IMiddleware<unknown, GraphQLContext, unknown> | IMiddlewareGenerator<unknown, GraphQLContext, unknown>;

/**
 * Wraps a schema in what every request passes: the permission rules first, so that a denied
 * caller spends no rate-limit budget, then the checks given (e.g. the federation's), then the
 * per-address rate limits.
 */
export function guardSchema(
  schema: GraphQLSchema,
  permissions: GuardMiddleware = permissionMiddleware,
  ...checks: GuardMiddleware[]
): GraphQLSchema {
  return applyMiddleware(schema, permissions, ...checks, rateLimitMiddleware(schema));
}

/** The executable schema: type-graphql's resolvers wrapped by the permission rules. */
export function createSchema(): GraphQLSchema {
  return guardSchema(buildResolverSchema());
}

/** The SDL committed as schema.graphql (sorted, so that it is stable). */
export function printSchemaSdl(schema: GraphQLSchema = createSchema()): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
