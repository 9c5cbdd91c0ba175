import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../context.js';
import { toUserConnection, UserConnectionType } from '../types/user-connection.type.js';
import { toUserType, UserType } from '../types/user.type.js';

/** Reading accounts: `user` (admins, or yourself) and `users` (admins). Access is decided in permissions.ts. */
@Resolver()
export class UserAdminResolver {
  @Query(() => UserType, {
    nullable: true,
    description: 'Admins: any user; others: themselves only (FORBIDDEN otherwise).',
  })
  async user(@Arg('id', () => ID, { description: 'The id of the user.' }) id: string, @Ctx() context: GraphQLContext) {
    const user = await context.services.accounts.findUser(context.em, id);
    return user ? toUserType(user) : null;
  }

  @Query(() => UserConnectionType, { description: 'Admins only. Newest first; `search` matches username or email.' })
  async users(
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: '1 to 100.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' })
    after: string | null,
    @Arg('search', () => String, {
      nullable: true,
      description: 'Part of a username or email address, any case.',
    })
    search: string | null,
    @Ctx() context: GraphQLContext,
  ) {
    return toUserConnection(await context.services.users.list(context.em, { first, after, search }));
  }
}
