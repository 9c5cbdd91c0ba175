import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { lexicographicSortSchema, parse, type GraphQLSchema } from 'graphql';
import { createResolversMap } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { buildResolverSchema, guardSchema } from '../graphql/schema.js';
import { subgraphPermissionMiddleware, type SubgraphPermissionOptions } from './permissions.js';
import { representationChecks } from './representations.js';
import { resolveUserReference } from './user-reference.js';

type SubgraphResolvers = Extract<Parameters<typeof buildSubgraphSchema>[0], { resolvers?: unknown }>['resolvers'];

/**
 * Federation 2, importing only what the schema uses. v2.3 is understood by @apollo/gateway 2.3+
 * and every Apollo Router release; nothing newer is needed for one `@key`.
 */
const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

/**
 * The same type-graphql resolvers as the plain schema, as an Apollo Federation 2 subgraph:
 * `_service { sdl }`, `_entities`, and User as an entity keyed by id (the `@key` directive on
 * UserType). Built the way type-graphql's federation example does: print the resolver schema with
 * its applied directives, let @apollo/subgraph build the subgraph from that SDL, and hand it
 * type-graphql's resolvers plus User's reference resolver.
 */
export function buildUnguardedSubgraphSchema(): GraphQLSchema {
  const schema = buildResolverSchema({ skipCheck: true });
  const resolvers: Record<string, unknown> = { ...createResolversMap(schema) };
  resolvers.User = {
    ...(resolvers.User as object),
    __resolveReference: (reference: { id?: unknown }, context: GraphQLContext) => resolveUserReference(reference, context),
  };
  return buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`),
    resolvers: resolvers as SubgraphResolvers,
  });
}

/** The subgraph served with SUBGRAPH=true: the same shield rules, limits and checks as the plain schema, and the subgraph's own. */
export function createSubgraphSchema(options: SubgraphPermissionOptions): GraphQLSchema {
  return guardSchema(buildUnguardedSubgraphSchema(), subgraphPermissionMiddleware(options), representationChecks);
}

/**
 * The SDL committed as subgraph.graphql, the input of `rover supergraph compose`: the same
 * definitions `_service { sdl }` answers, sorted like schema.graphql so that diffs stay small.
 */
export function printSubgraphSdl(schema: GraphQLSchema = buildUnguardedSubgraphSchema()): string {
  return printSubgraphSchema(lexicographicSortSchema(schema)).trimEnd() + '\n';
}
