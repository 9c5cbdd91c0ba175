import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { SecurityEventType } from '../db/entities/index.js';
import { caller } from '../graphql/resolvers/caller.js';
import { AUDIT_LOG_PAGE_DEFAULT, SECURITY_EVENTS_PAGE_DEFAULT } from './limits.js';
import { SecurityEventConnectionObject, toEventConnection } from './types.graphql.js';

const AFTER = { nullable: true, description: 'The endCursor of the previous page.' } as const;

/** `securityEvents` (the caller's own) and `auditLog` (admins). Access is decided in permissions.ts. */
@Resolver()
export class SecurityEventResolver {
  @Query(() => SecurityEventConnectionObject, { description: "The signed-in user's own security events, newest first." })
  async securityEvents(
    @Arg('first', () => Int, { nullable: true, defaultValue: SECURITY_EVENTS_PAGE_DEFAULT, description: '1 to 100.' })
    first: number | null,
    @Arg('after', () => String, AFTER) after: string | null,
    @Ctx() context: GraphQLContext,
  ) {
    const page = await context.services.events.forAccount(context.em, caller(context).userId, {
      first,
      after,
      defaultFirst: SECURITY_EVENTS_PAGE_DEFAULT,
    });
    return toEventConnection(page);
  }

  @Query(() => SecurityEventConnectionObject, {
    description: "Admins only: every account's events, newest first, optionally of one user and/or of some types.",
  })
  async auditLog(
    @Arg('userId', () => ID, { nullable: true, description: 'Only the events of this account.' }) userId: string | null,
    @Arg('types', () => [SecurityEventType], { nullable: true, description: 'Only events of these types.' })
    types: SecurityEventType[] | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: AUDIT_LOG_PAGE_DEFAULT, description: '1 to 100.' })
    first: number | null,
    @Arg('after', () => String, AFTER) after: string | null,
    @Ctx() context: GraphQLContext,
  ) {
    const page = await context.services.events.auditLog(
      context.em,
      { userId, types },
      { first, after, defaultFirst: AUDIT_LOG_PAGE_DEFAULT },
    );
    return toEventConnection(page);
  }
}
