import type { AuthIdentity } from '../../core/request-meta.js';
import type { GraphQLContext } from '../../context.js';
import { unauthenticated } from '../../errors.js';

/** The caller of a field that the permissions already guard; a second check costs nothing. */
export function caller(context: GraphQLContext): AuthIdentity {
  if (!context.auth) throw unauthenticated();
  return context.auth;
}
