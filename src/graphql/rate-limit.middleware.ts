import type { GraphQLSchema } from 'graphql';
import type { IMiddlewareFieldMap, IMiddlewareFunction } from 'graphql-middleware';
import { isRateLimitName, LOGIN_LIMIT_NAMES, type RateLimitName } from '../limits/rate-limit-defaults.js';
import type { GraphQLContext } from '../context.js';

/** Spends one unit of the field's per-address budget before the resolver runs. */
const limitByClientAddress =
  (name: RateLimitName): IMiddlewareFunction<unknown, GraphQLContext> =>
  async (resolve, parent, args, context, info) => {
    await context.services.rateLimits.consumeForAddress(name, context.meta.ipAddress);
    return resolve(parent, args, context, info);
  };

/**
 * Every Query or Mutation field that has a limit of its own name in limits/rate-limit-defaults.ts
 * is limited per client address, here in one place rather than in each resolver. Built from the
 * schema, so that a limit for a field that does not exist yet (another issue adds it) waits for it.
 * Login is not here: its failures are counted in the service (AccountService.login).
 */
export function rateLimitMiddleware(schema: GraphQLSchema): IMiddlewareFieldMap<unknown, GraphQLContext> {
  const middleware: IMiddlewareFieldMap<unknown, GraphQLContext> = {};
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    if (!type) continue;
    const limited = Object.keys(type.getFields()).filter(
      (field) => isRateLimitName(field) && !LOGIN_LIMIT_NAMES.includes(field),
    );
    if (limited.length === 0) continue;
    middleware[type.name] = Object.fromEntries(
      limited.map((field) => [field, limitByClientAddress(field as RateLimitName)]),
    );
  }
  return middleware;
}
