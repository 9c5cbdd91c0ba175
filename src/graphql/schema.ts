import 'reflect-metadata';
import { applyMiddleware } from 'graphql-middleware';
import { GraphQLScalarType, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { buildSchemaSync } from 'type-graphql';
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

export const resolvers = [
  AccountResolver,
  TokenResolver,
  SessionResolver,
  AccountLifecycleResolver,
  UserAdminResolver,
  SecurityEventResolver,
  AdminAccountResolver,
  SigningKeyResolver,
] as const;

/** type-graphql's scalar for Date (graphql-scalars' DateTimeISO), described in the contract's words. */
const DateTimeISO = new GraphQLScalarType({
  ...GraphQLDateTimeISO.toConfig(),
  description: 'An ISO-8601 date-time string in UTC, e.g. 2026-11-24T10:00:00.000Z',
});

/** The executable schema: type-graphql's resolvers wrapped by the permission rules. */
export function createSchema(): GraphQLSchema {
  const schema = buildSchemaSync({ resolvers, validate: false, scalarsMap: [{ type: Date, scalar: DateTimeISO }] });
  // Permissions run first, so that a denied caller spends no rate-limit budget.
  return applyMiddleware(schema, permissionMiddleware, rateLimitMiddleware(schema));
}

/** The SDL committed as schema.graphql (sorted, so that it is stable). */
export function printSchemaSdl(schema: GraphQLSchema = createSchema()): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
