import { allow, rule } from 'graphql-shield';
import type { GraphQLContext } from '../context.js';
import { forbidden, unauthenticated } from '../errors.js';
import { callerIsAdmin, createPermissionMiddleware, isAuthenticated, permissions, type PermissionMap } from '../graphql/permissions.js';
import { isUserReference } from './user-reference.js';

/**
 * A private field of a User: the user themselves or an admin. Only users read through
 * `_entities` are checked; a User reached through `me`, `user`, `users` or an AuthPayload has
 * already passed its own field's rule (self or admin), and is left as fast as in the plain schema.
 */
export const isOwnFieldOrAdmin = rule({ cache: 'no_cache' })((parent: { id?: unknown }, _args, context: GraphQLContext) => {
  if (!isUserReference(parent)) return true;
  if (!context.auth) return unauthenticated();
  if (parent.id === context.auth.userId || callerIsAdmin(context)) return true;
  return forbidden("Only the user themselves or an admin may read this field of another subgraph's user.");
});

/** `_service { sdl }` is the schema: served only where introspection is (never in production by default). */
const sdlRefused = rule({ cache: 'no_cache' })(() =>
  forbidden('The subgraph SDL is not served while introspection is off: compose from subgraph.graphql.'),
);

export interface SubgraphPermissionOptions {
  /** Whether `_service { sdl }` answers (GRAPHQL_INTROSPECTION). */
  serveSdl: boolean;
}

/**
 * The plain schema's rules, plus the subgraph's own fields:
 * - `_entities`: signed-in callers only (the gateway forwards the caller's bearer token):
 *   accounts are not public in cloud-auth, so nobody reads one anonymously through a supergraph;
 * - User: `id` and `username` for any signed-in caller that has the id from another subgraph;
 *   email, role, isActive, dateJoined, lastLogin and mfaEnabled of a referenced user for self and admins only;
 * - `_service`: the SDL, where introspection is on.
 */
export function subgraphPermissions({ serveSdl }: SubgraphPermissionOptions): PermissionMap {
  return {
    ...permissions,
    Query: { ...permissions.Query, _entities: isAuthenticated, _service: serveSdl ? allow : sdlRefused },
    _Service: allow,
    User: {
      id: allow,
      username: allow,
      email: isOwnFieldOrAdmin,
      role: isOwnFieldOrAdmin,
      isActive: isOwnFieldOrAdmin,
      dateJoined: isOwnFieldOrAdmin,
      lastLogin: isOwnFieldOrAdmin,
      mfaEnabled: isOwnFieldOrAdmin,
    },
  };
}

export const subgraphPermissionMiddleware = (options: SubgraphPermissionOptions) =>
  createPermissionMiddleware(subgraphPermissions(options));
