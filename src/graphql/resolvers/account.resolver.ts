import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../context.js';
import { RegisterInput } from '../types/inputs.js';
import { toUserType, UserType } from '../types/user.type.js';
import { caller } from './caller.js';

@Resolver()
export class AccountResolver {
  @Mutation(() => UserType, {
    description: 'Create an account. Inactive until activated when email activation is required.',
  })
  async register(
    @Arg('input', () => RegisterInput, { description: 'The new account.' }) input: RegisterInput,
    @Ctx() context: GraphQLContext,
  ) {
    return toUserType(await context.services.accounts.register(context.em, input, {}, context.meta));
  }

  @Query(() => UserType, { description: 'The signed-in user. UNAUTHENTICATED without a valid access token.' })
  me(@Ctx() context: GraphQLContext) {
    // Read together with the session by this request's token check: current, and no second query.
    return toUserType(caller(context).user);
  }
}
