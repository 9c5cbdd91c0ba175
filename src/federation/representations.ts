import type { IMiddlewareTypeMap } from 'graphql-middleware';
import type { GraphQLContext } from '../context.js';
import { badUserInput } from '../errors.js';

/**
 * At most this many representations per operation, over all of its `_entities` fields together
 * (aliases included). Each one is a read of the users table, and a list argument is invisible to
 * the document limits (graphql-armor counts fields, not list items; variables are not even in
 * the document): without a bound, one request of 100 kB could ask for about 1,500 accounts.
 * A gateway asks for the entities of one query plan step at once, rarely near 100.
 */
export const MAX_ENTITY_REPRESENTATIONS = 100;

/** The entity types this subgraph resolves by reference, and the key each needs. */
const ENTITY_KEYS: Record<string, string> = { User: 'id' };

/** Representations counted so far per operation (Apollo Server gives each operation its own context object). */
const counted = new WeakMap<object, number>();

/**
 * Checks `_entities(representations:)` before @apollo/subgraph's resolver sees it. That resolver
 * throws a plain Error for a `__typename` it does not know (which would surface as
 * INTERNAL_SERVER_ERROR) and echoes back a representation of a type without a reference resolver;
 * here every representation must name an entity of this subgraph with its key, and the operation
 * must stay within MAX_ENTITY_REPRESENTATIONS. Refusals are BAD_USER_INPUT with field errors on
 * `representations`, like every other bad argument.
 */
export const representationChecks: IMiddlewareTypeMap<unknown, GraphQLContext> = {
  Query: {
    _entities: async (resolve, parent, args: { representations?: unknown }, context, info) => {
      const representations = Array.isArray(args.representations) ? (args.representations as unknown[]) : [];
      const total = (counted.get(context) ?? 0) + representations.length;
      counted.set(context, total);
      if (total > MAX_ENTITY_REPRESENTATIONS) {
        throw badUserInput({
          representations: [`At most ${MAX_ENTITY_REPRESENTATIONS} representations per operation.`],
        });
      }
      const bad = representations.findIndex((item) => !isKnownRepresentation(item));
      if (bad !== -1) {
        throw badUserInput({
          representations: [`Representation ${bad} must be { __typename: "User", id } (User is the only entity here).`],
        });
      }
      return resolve(parent, args, context, info);
    },
  },
};

function isKnownRepresentation(item: unknown): boolean {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return false;
  const typename = (item as { __typename?: unknown }).__typename;
  if (typeof typename !== 'string' || !Object.hasOwn(ENTITY_KEYS, typename)) return false;
  return typeof (item as Record<string, unknown>)[ENTITY_KEYS[typename]] === 'string';
}
