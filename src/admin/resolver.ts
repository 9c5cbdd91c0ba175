import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { Role } from '../db/entities/index.js';
import { caller } from '../graphql/resolvers/caller.js';
import { toUserType, UserType } from '../graphql/types/user.type.js';

const USER_ID = { description: 'The id of the user.' } as const;

/** Admin account management. Access (admins only) is decided in permissions.ts. */
@Resolver()
export class AdminAccountResolver {
  @Mutation(() => UserType, { description: 'Admins only. Deactivating revokes every session of the account at once.' })
  async setUserActive(
    @Arg('id', () => ID, USER_ID) id: string,
    @Arg('active', () => Boolean, { description: 'True to (re)activate, false to deactivate.' }) active: boolean,
    @Ctx() context: GraphQLContext,
  ) {
    const user = await context.services.admin.setActive(context.em, id, active, { admin: caller(context), meta: context.meta });
    return toUserType(user);
  }

  @Mutation(() => UserType, { description: "Admins only. Takes effect on the user's very next request." })
  async setUserRole(
    @Arg('id', () => ID, USER_ID) id: string,
    @Arg('role', () => Role, { description: 'The new role.' }) role: Role,
    @Ctx() context: GraphQLContext,
  ) {
    const user = await context.services.admin.setRole(context.em, id, role, { admin: caller(context), meta: context.meta });
    return toUserType(user);
  }

  @Mutation(() => Int, { description: 'Admins only. Revokes every session of the user; returns how many were live.' })
  async revokeUserSessions(@Arg('id', () => ID, USER_ID) id: string, @Ctx() context: GraphQLContext) {
    return context.services.admin.revokeSessions(context.em, id, { admin: caller(context), meta: context.meta });
  }

  @Mutation(() => Boolean, { description: 'Admins only. Deletes the account, its sessions and tokens.' })
  async deleteUser(@Arg('id', () => ID, USER_ID) id: string, @Ctx() context: GraphQLContext) {
    return context.services.admin.deleteUser(context.em, id, { admin: caller(context), meta: context.meta });
  }
}
