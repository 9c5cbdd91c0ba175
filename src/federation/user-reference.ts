import type { GraphQLContext } from '../context.js';
import { isUuid } from '../core/request-meta.js';
import { callerIsAdmin } from '../graphql/permissions.js';
import { toUserType, type UserType } from '../graphql/types/user.type.js';

/**
 * Users read through `_entities`, i.e. on behalf of another subgraph's field (an order's buyer,
 * a review's author). The supergraph's permission rules (permissions.ts here) keep the private
 * fields of these to the user themselves and admins; a user reached through `me`, `user` or
 * `login` is already the caller's own (or an admin's) and is not in this set.
 */
const references = new WeakSet<object>();

export const isUserReference = (parent: unknown): boolean =>
  typeof parent === 'object' && parent !== null && references.has(parent);

/**
 * `User.__resolveReference`: the account a representation `{ __typename: "User", id }` names,
 * read through the same service as the `user` query. Unknown (or deleted) ids resolve to null;
 * so do inactive accounts (not yet activated, or deactivated by an admin) for everyone but an
 * admin, as if they did not exist: a supergraph shows no account its owner cannot sign in to.
 * The representation's other keys are ignored: only the stored row is believed.
 */
export async function resolveUserReference(reference: { id?: unknown }, context: GraphQLContext): Promise<UserType | null> {
  const id = reference.id;
  if (typeof id !== 'string' || !isUuid(id)) return null;
  const user = await context.services.accounts.findUser(context.em, id);
  if (!user || (!user.isActive && !callerIsAdmin(context))) return null;
  const found = toUserType(user);
  references.add(found);
  return found;
}
