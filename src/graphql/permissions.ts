import { allow, rule, shield } from 'graphql-shield';
import type { GraphQLContext } from '../context.js';
import { Role } from '../db/entities/index.js';
import { forbidden, unauthenticated } from '../errors.js';

/**
 * Who may reach what. Deny by default: a field without a rule here is closed, and a test
 * fails for every Query or Mutation field that has no explicit rule.
 */

/** Anyone, signed in or not (the operation checks its own credentials, if any). */
export const isPublic = allow;

export const isAuthenticated = rule({ cache: 'contextual' })((_parent, _args, context: GraphQLContext) =>
  context.auth ? true : unauthenticated(),
);

/** The caller's role as stored now, read once per request (a demoted admin loses access at once). */
const callerRoles = new WeakMap<GraphQLContext, Promise<Role | null>>();
function callerRole(context: GraphQLContext): Promise<Role | null> {
  if (!context.auth) return Promise.resolve(null);
  let role = callerRoles.get(context);
  if (!role) {
    role = context.services.users.roleOf(context.em, context.auth.userId);
    callerRoles.set(context, role);
  }
  return role;
}

export const isAdmin = rule({ cache: 'contextual' })(async (_parent, _args, context: GraphQLContext) => {
  if (!context.auth) return unauthenticated();
  return (await callerRole(context)) === Role.ADMIN ? true : forbidden();
});

/** For fields with an `id` argument naming a user: that user themselves, or an admin. */
export const isSelfOrAdmin = rule({ cache: 'strict' })(async (_parent, args: { id?: unknown }, context: GraphQLContext) => {
  if (!context.auth) return unauthenticated();
  if (args.id === context.auth.userId) return true;
  return (await callerRole(context)) === Role.ADMIN ? true : forbidden();
});

export const permissions = {
  Query: {
    me: isAuthenticated,
    sessions: isAuthenticated,
    user: isSelfOrAdmin,
    users: isAdmin,
  },
  Mutation: {
    register: isPublic,
    login: isPublic,
    refreshToken: isPublic,
    verifyToken: isPublic,
    logout: isPublic,
    logoutAll: isAuthenticated,
    revokeSession: isAuthenticated,
    // Token-bearing or enumeration-safe: they check their own input.
    activateAccount: isPublic,
    resendActivation: isPublic,
    requestPasswordReset: isPublic,
    resetPassword: isPublic,
    changePassword: isAuthenticated,
    updateMe: isAuthenticated,
    deleteMe: isAuthenticated,
  },
  // Object types are reachable only through the guarded fields above.
  User: allow,
  AuthPayload: allow,
  Session: allow,
  TokenVerification: allow,
  UserConnection: allow,
  UserEdge: allow,
  PageInfo: allow,
};

export const permissionMiddleware = shield<unknown, GraphQLContext>(permissions, {
  fallbackRule: rule()(() => false),
  allowExternalErrors: true,
  // A denial names the right code instead of shield's bare "Not Authorised!".
  fallbackError: (_error, _parent, _args, context) =>
    (context as unknown as GraphQLContext).auth ? forbidden() : unauthenticated(),
});
