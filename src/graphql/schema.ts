import 'reflect-metadata';
import { applyMiddleware } from 'graphql-middleware';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { permissionMiddleware } from './permissions.js';
import { AccountLifecycleResolver } from './resolvers/account-lifecycle.resolver.js';
import { AccountResolver } from './resolvers/account.resolver.js';
import { SessionResolver } from './resolvers/session.resolver.js';
import { TokenResolver } from './resolvers/token.resolver.js';
import { UserAdminResolver } from './resolvers/user-admin.resolver.js';

export const resolvers = [AccountResolver, TokenResolver, SessionResolver, AccountLifecycleResolver, UserAdminResolver] as const;

/** The executable schema: type-graphql's resolvers wrapped by the permission rules. */
export function createSchema(): GraphQLSchema {
  const schema = buildSchemaSync({ resolvers, validate: false });
  return applyMiddleware(schema, permissionMiddleware);
}

/** The SDL committed as schema.graphql (sorted, so that it is stable). */
export function printSchemaSdl(schema: GraphQLSchema = createSchema()): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
