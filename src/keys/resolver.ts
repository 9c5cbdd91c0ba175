import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { caller } from '../graphql/resolvers/caller.js';
import { SigningKeyObject, toSigningKeyObject } from './types.graphql.js';

/** signingKeys, rotateSigningKey, revokeSigningKey. Access (admins only) is decided in permissions.ts. */
@Resolver()
export class SigningKeyResolver {
  @Query(() => [SigningKeyObject], { description: 'Admins only: every key that is not REVOKED, and the revoked ones of the last 30 days.' })
  async signingKeys(@Ctx() context: GraphQLContext) {
    return (await context.services.keys.list(context.em)).map(toSigningKeyObject);
  }

  @Mutation(() => SigningKeyObject, { description: 'Admins only: STANDBY becomes CURRENT, CURRENT becomes PREVIOUS, and a new STANDBY is made.' })
  async rotateSigningKey(@Ctx() context: GraphQLContext) {
    const key = await context.services.keys.rotate(context.em, { actorId: caller(context).userId, meta: context.meta });
    return toSigningKeyObject(key);
  }

  @Mutation(() => SigningKeyObject, { description: 'Admins only: a PREVIOUS key becomes REVOKED; tokens it signed stop working at once.' })
  async revokeSigningKey(@Arg('kid', () => ID, { description: 'The kid of a PREVIOUS key.' }) kid: string, @Ctx() context: GraphQLContext) {
    const key = await context.services.keys.revoke(context.em, kid, { actorId: caller(context).userId, meta: context.meta });
    return toSigningKeyObject(key);
  }
}
