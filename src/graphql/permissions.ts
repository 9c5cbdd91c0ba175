import { allow, rule, shield } from 'graphql-shield';
import type { GraphQLContext } from '../context.js';
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

export const permissions = {
  Query: {
    me: isAuthenticated,
    sessions: isAuthenticated,
  },
  Mutation: {
    register: isPublic,
    login: isPublic,
    refreshToken: isPublic,
    verifyToken: isPublic,
    logout: isPublic,
    logoutAll: isAuthenticated,
    revokeSession: isAuthenticated,
  },
  // Object types are reachable only through the guarded fields above.
  User: allow,
  AuthPayload: allow,
  Session: allow,
  TokenVerification: allow,
};

export const permissionMiddleware = shield<unknown, GraphQLContext>(permissions, {
  fallbackRule: rule()(() => false),
  allowExternalErrors: true,
  // A denial names the right code instead of shield's bare "Not Authorised!".
  fallbackError: (_error, _parent, _args, context) =>
    (context as unknown as GraphQLContext).auth ? forbidden() : unauthenticated(),
});
