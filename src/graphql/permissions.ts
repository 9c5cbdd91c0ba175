import { middleware, type IMiddlewareTypeMap } from 'graphql-middleware';
import { allow, rule, shield } from 'graphql-shield';
import type { GraphQLContext } from '../context.js';
import { Role } from '../db/entities/index.js';
import { forbidden, unauthenticated } from '../errors.js';
import { mfaEnrollmentRequired } from '../mfa/errors.js';

/**
 * Who may reach what. Deny by default: a field without a rule here is closed, and a test
 * fails for every Query or Mutation field that has no explicit rule.
 *
 * Never use graphql-shield's chain() or race(): they call util.isUndefined, which Node 23+
 * removed, so they throw on Node 24 (CI runs there); and()/or() and plain rules are safe.
 */

/** Anyone, signed in or not (the operation checks its own credentials, if any). */
export const isPublic = allow;

// The rules below only read the context, which the token check filled (the caller's role
// included): shield's result cache would cost more than the check itself.

export const isAuthenticated = rule({ cache: 'no_cache' })((_parent, _args, context: GraphQLContext) =>
  context.auth ? true : unauthenticated(),
);

/**
 * The caller's role as stored now: the session check of this very request read it with the
 * session (auth/db/stores/session-store.ts), so a demoted admin loses access at once.
 */
const callerRole = (context: GraphQLContext): Role | null => context.auth?.user.role ?? null;

/**
 * An admin, and with MFA_REQUIRED_FOR_ADMINS one with a second factor: until then FORBIDDEN
 * with reason MFA_ENROLLMENT_REQUIRED (the account's own fields, enrolment included, stay open).
 */
function adminAccess(context: GraphQLContext): true | Error {
  if (callerRole(context) !== Role.ADMIN) return forbidden();
  if (context.services.mfaRequiredForAdmins && !context.auth?.user.mfaEnabled) return mfaEnrollmentRequired();
  return true;
}

export const isAdmin = rule({ cache: 'no_cache' })((_parent, _args, context: GraphQLContext) => {
  if (!context.auth) return unauthenticated();
  return adminAccess(context);
});

/** For fields with an `id` argument naming a user: that user themselves, or an admin. */
/** The caller is an admin (the role read with this request's session). */
export const callerIsAdmin = (context: GraphQLContext): boolean => callerRole(context) === Role.ADMIN;

export const isSelfOrAdmin = rule({ cache: 'no_cache' })((_parent, args: { id?: unknown }, context: GraphQLContext) => {
  if (!context.auth) return unauthenticated();
  if (args.id === context.auth.userId) return true;
  return adminAccess(context);
});

export const permissions = {
  Query: {
    me: isAuthenticated,
    sessions: isAuthenticated,
    user: isSelfOrAdmin,
    users: isAdmin,
    securityEvents: isAuthenticated,
    auditLog: isAdmin,
    signingKeys: isAdmin,
    totpFactors: isAuthenticated,
    passkeys: isAuthenticated,
    identityProviders: isPublic,
    identities: isAuthenticated,
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
    setUserActive: isAdmin,
    setUserRole: isAdmin,
    revokeUserSessions: isAdmin,
    deleteUser: isAdmin,
    rotateSigningKey: isAdmin,
    revokeSigningKey: isAdmin,
    // Second factors: each change also needs a recent proof of identity (mfa/reauthentication.ts).
    startTotpEnrollment: isAuthenticated,
    confirmTotpEnrollment: isAuthenticated,
    removeTotpFactor: isAuthenticated,
    regenerateRecoveryCodes: isAuthenticated,
    reauthenticate: isAuthenticated,
    // Holds an mfaToken, which it checks itself.
    completeMfaLogin: isPublic,
    resetUserMfa: isAdmin,
    // Passkeys: adding and removing one also needs a recent proof of identity (passkeys/passkeys.ts).
    startPasskeyRegistration: isAuthenticated,
    finishPasskeyRegistration: isAuthenticated,
    renamePasskey: isAuthenticated,
    removePasskey: isAuthenticated,
    // Sign-in ceremonies: the challenge, the signature (and the mfaToken) are checked by the service.
    startPasskeySignIn: isPublic,
    finishPasskeySignIn: isPublic,
    startPasskeyMfa: isPublic,
    finishPasskeyMfa: isPublic,
    // Identity providers and emailed links: the public ones check their own input (a provider
    // and allowed redirectUri, a single-use code, an address that answers true either way, a token).
    startIdentityProviderSignIn: isPublic,
    completeIdentityProviderSignIn: isPublic,
    requestEmailSignIn: isPublic,
    completeEmailSignIn: isPublic,
    // Also need a recent proof of identity (mfa/reauthentication.ts).
    linkIdentityProvider: isAuthenticated,
    unlinkIdentity: isAuthenticated,
  },
  // Object types are reachable only through the guarded fields above.
  User: allow,
  AuthPayload: allow,
  Session: allow,
  TokenVerification: allow,
  UserConnection: allow,
  UserEdge: allow,
  PageInfo: allow,
  SecurityEvent: allow,
  SecurityEventEdge: allow,
  SecurityEventConnection: allow,
  SigningKey: allow,
  TotpFactor: allow,
  TotpEnrollment: allow,
  RecoveryCodes: allow,
  Passkey: allow,
  PasskeyChallenge: allow,
  IdentityProvider: allow,
  LinkedIdentity: allow,
};

/** A permission map: type name -> a rule for the whole type, or field name -> rule. */
export type PermissionMap = Record<string, unknown>;

/**
 * shield's middleware for a permission map (this file's `permissions`, or the supergraph's in
 * src/federation/permissions.ts), without the fields whose rule is `allow`. shield wraps every
 * field of every object type in an async rule check, which turns even a plain property read such
 * as `User.id` into a promise; the bench's profile of `me` showed that per-field cost. An `allow`
 * always passes, so leaving its fields unwrapped changes no answer; fields without a rule keep
 * the fallback (deny), so a type or field added without a rule is still closed.
 */
export function createPermissionMiddleware(map: PermissionMap) {
  const shieldMiddleware = shield<unknown, GraphQLContext>(map as Parameters<typeof shield>[0], {
    fallbackRule: rule()(() => false),
    allowExternalErrors: true,
    // A denial names the right code instead of shield's bare "Not Authorised!".
    fallbackError: (_error, _parent, _args, context) =>
      (context as unknown as GraphQLContext).auth ? forbidden() : unauthenticated(),
  });
  return middleware<unknown, GraphQLContext, unknown>((schema) =>
    withoutAllowedFields(map, shieldMiddleware.generate(schema) as IMiddlewareTypeMap<unknown, GraphQLContext>),
  );
}

export const permissionMiddleware = createPermissionMiddleware(permissions);

function withoutAllowedFields(
  map: PermissionMap,
  generated: IMiddlewareTypeMap<unknown, GraphQLContext>,
): IMiddlewareTypeMap<unknown, GraphQLContext> {
  const kept: IMiddlewareTypeMap<unknown, GraphQLContext> = {};
  for (const [typeName, fields] of Object.entries(generated)) {
    const typeRule: unknown = map[typeName];
    if (typeRule === allow) continue;
    const fieldRules = (typeof typeRule === 'object' && typeRule !== null ? typeRule : {}) as Record<string, unknown>;
    kept[typeName] = Object.fromEntries(
      Object.entries(fields as Record<string, unknown>).filter(([field]) => fieldRules[field] !== allow),
    ) as IMiddlewareTypeMap<unknown, GraphQLContext>[string];
  }
  return kept;
}
