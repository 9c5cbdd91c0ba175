import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../context.js';
import { SessionType, toSessionType } from '../types/session.type.js';
import { caller } from './caller.js';

@Resolver()
export class SessionResolver {
  @Query(() => [SessionType], { description: "The signed-in user's active sessions, newest first." })
  async sessions(@Ctx() context: GraphQLContext) {
    const { userId, sessionId } = caller(context);
    const sessions = await context.services.sessions.listActive(context.em, userId);
    return sessions.map((session) => toSessionType(session, sessionId));
  }

  @Mutation(() => Boolean, { description: 'Revoke every session of the signed-in user.' })
  async logoutAll(@Ctx() context: GraphQLContext) {
    await context.services.sessions.logoutAll(context.em, caller(context), context.meta);
    return true;
  }

  @Mutation(() => Boolean, { description: "Revoke one of the signed-in user's sessions." })
  async revokeSession(
    @Arg('id', () => ID, { description: 'The id of one of your sessions (see `sessions`).' }) id: string,
    @Ctx() context: GraphQLContext,
  ) {
    await context.services.sessions.revoke(context.em, caller(context).userId, id, context.meta);
    return true;
  }
}
