/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ProfileFields on User {\n    id\n    username\n    email\n    role\n    dateJoined\n    lastLogin\n    mfaEnabled\n  }\n": typeof types.ProfileFieldsFragmentDoc,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      id\n      username\n      isActive\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation RefreshSession {\n    refreshToken {\n      accessToken\n      expiresIn\n    }\n  }\n": typeof types.RefreshSessionDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  query Me {\n    me {\n      ...ProfileFields\n    }\n  }\n": typeof types.MeDocument,
    "\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      userAgent\n      ipAddress\n      current\n    }\n  }\n": typeof types.SessionsDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": typeof types.RevokeSessionDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      accessToken\n      expiresIn\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  query SecurityActivity($first: Int) {\n    securityEvents(first: $first) {\n      edges {\n        node {\n          id\n          type\n          at\n          ipAddress\n          userAgent\n        }\n      }\n    }\n  }\n": typeof types.SecurityActivityDocument,
    "\n  mutation CompleteMfaLogin($input: CompleteMfaLoginInput!) {\n    completeMfaLogin(input: $input) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n": typeof types.CompleteMfaLoginDocument,
    "\n  mutation Reauthenticate($input: ReauthenticateInput!) {\n    reauthenticate(input: $input) {\n      accessToken\n      expiresIn\n    }\n  }\n": typeof types.ReauthenticateDocument,
    "\n  query TotpFactors {\n    totpFactors {\n      id\n      name\n      confirmed\n      createdAt\n      lastUsedAt\n    }\n  }\n": typeof types.TotpFactorsDocument,
    "\n  mutation StartTotpEnrollment($name: String) {\n    startTotpEnrollment(name: $name) {\n      secret\n      otpauthUri\n      factor {\n        id\n        name\n        confirmed\n      }\n    }\n  }\n": typeof types.StartTotpEnrollmentDocument,
    "\n  mutation ConfirmTotpEnrollment($factorId: ID!, $code: String!) {\n    confirmTotpEnrollment(factorId: $factorId, code: $code) {\n      codes\n    }\n  }\n": typeof types.ConfirmTotpEnrollmentDocument,
    "\n  mutation RemoveTotpFactor($id: ID!) {\n    removeTotpFactor(id: $id)\n  }\n": typeof types.RemoveTotpFactorDocument,
    "\n  mutation RegenerateRecoveryCodes {\n    regenerateRecoveryCodes {\n      codes\n    }\n  }\n": typeof types.RegenerateRecoveryCodesDocument,
    "\n  fragment PasskeyFields on Passkey {\n    id\n    name\n    createdAt\n    lastUsedAt\n    backedUp\n  }\n": typeof types.PasskeyFieldsFragmentDoc,
    "\n  query Passkeys {\n    passkeys {\n      ...PasskeyFields\n    }\n  }\n": typeof types.PasskeysDocument,
    "\n  mutation StartPasskeyRegistration($name: String) {\n    startPasskeyRegistration(name: $name) {\n      challengeId\n      options\n    }\n  }\n": typeof types.StartPasskeyRegistrationDocument,
    "\n  mutation FinishPasskeyRegistration($challengeId: ID!, $response: JSONObject!) {\n    finishPasskeyRegistration(challengeId: $challengeId, response: $response) {\n      ...PasskeyFields\n    }\n  }\n": typeof types.FinishPasskeyRegistrationDocument,
    "\n  mutation RenamePasskey($id: ID!, $name: String!) {\n    renamePasskey(id: $id, name: $name) {\n      ...PasskeyFields\n    }\n  }\n": typeof types.RenamePasskeyDocument,
    "\n  mutation RemovePasskey($id: ID!) {\n    removePasskey(id: $id)\n  }\n": typeof types.RemovePasskeyDocument,
    "\n  mutation StartPasskeySignIn {\n    startPasskeySignIn {\n      challengeId\n      options\n    }\n  }\n": typeof types.StartPasskeySignInDocument,
    "\n  mutation FinishPasskeySignIn($challengeId: ID!, $response: JSONObject!) {\n    finishPasskeySignIn(challengeId: $challengeId, response: $response) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n": typeof types.FinishPasskeySignInDocument,
    "\n  mutation StartPasskeyMfa($mfaToken: String!) {\n    startPasskeyMfa(mfaToken: $mfaToken) {\n      challengeId\n      options\n    }\n  }\n": typeof types.StartPasskeyMfaDocument,
    "\n  mutation FinishPasskeyMfa($mfaToken: String!, $challengeId: ID!, $response: JSONObject!) {\n    finishPasskeyMfa(mfaToken: $mfaToken, challengeId: $challengeId, response: $response) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n": typeof types.FinishPasskeyMfaDocument,
    "\n  query IdentityProviders {\n    identityProviders {\n      id\n      name\n    }\n  }\n": typeof types.IdentityProvidersDocument,
    "\n  mutation StartIdentityProviderSignIn($provider: ID!, $redirectUri: String!) {\n    startIdentityProviderSignIn(provider: $provider, redirectUri: $redirectUri)\n  }\n": typeof types.StartIdentityProviderSignInDocument,
    "\n  mutation CompleteIdentityProviderSignIn($code: String!) {\n    completeIdentityProviderSignIn(code: $code) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n": typeof types.CompleteIdentityProviderSignInDocument,
    "\n  query Identities {\n    identities {\n      id\n      email\n      linkedAt\n      lastUsedAt\n      provider {\n        id\n        name\n      }\n    }\n  }\n": typeof types.IdentitiesDocument,
    "\n  mutation LinkIdentityProvider($provider: ID!, $redirectUri: String!) {\n    linkIdentityProvider(provider: $provider, redirectUri: $redirectUri)\n  }\n": typeof types.LinkIdentityProviderDocument,
    "\n  mutation UnlinkIdentity($id: ID!) {\n    unlinkIdentity(id: $id)\n  }\n": typeof types.UnlinkIdentityDocument,
    "\n  mutation RequestEmailSignIn($email: String!) {\n    requestEmailSignIn(email: $email)\n  }\n": typeof types.RequestEmailSignInDocument,
    "\n  mutation CompleteEmailSignIn($token: String!) {\n    completeEmailSignIn(token: $token) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n": typeof types.CompleteEmailSignInDocument,
};
const documents: Documents = {
    "\n  fragment ProfileFields on User {\n    id\n    username\n    email\n    role\n    dateJoined\n    lastLogin\n    mfaEnabled\n  }\n": types.ProfileFieldsFragmentDoc,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      id\n      username\n      isActive\n    }\n  }\n": types.RegisterDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation RefreshSession {\n    refreshToken {\n      accessToken\n      expiresIn\n    }\n  }\n": types.RefreshSessionDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  query Me {\n    me {\n      ...ProfileFields\n    }\n  }\n": types.MeDocument,
    "\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      userAgent\n      ipAddress\n      current\n    }\n  }\n": types.SessionsDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": types.RevokeSessionDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      accessToken\n      expiresIn\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  query SecurityActivity($first: Int) {\n    securityEvents(first: $first) {\n      edges {\n        node {\n          id\n          type\n          at\n          ipAddress\n          userAgent\n        }\n      }\n    }\n  }\n": types.SecurityActivityDocument,
    "\n  mutation CompleteMfaLogin($input: CompleteMfaLoginInput!) {\n    completeMfaLogin(input: $input) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n": types.CompleteMfaLoginDocument,
    "\n  mutation Reauthenticate($input: ReauthenticateInput!) {\n    reauthenticate(input: $input) {\n      accessToken\n      expiresIn\n    }\n  }\n": types.ReauthenticateDocument,
    "\n  query TotpFactors {\n    totpFactors {\n      id\n      name\n      confirmed\n      createdAt\n      lastUsedAt\n    }\n  }\n": types.TotpFactorsDocument,
    "\n  mutation StartTotpEnrollment($name: String) {\n    startTotpEnrollment(name: $name) {\n      secret\n      otpauthUri\n      factor {\n        id\n        name\n        confirmed\n      }\n    }\n  }\n": types.StartTotpEnrollmentDocument,
    "\n  mutation ConfirmTotpEnrollment($factorId: ID!, $code: String!) {\n    confirmTotpEnrollment(factorId: $factorId, code: $code) {\n      codes\n    }\n  }\n": types.ConfirmTotpEnrollmentDocument,
    "\n  mutation RemoveTotpFactor($id: ID!) {\n    removeTotpFactor(id: $id)\n  }\n": types.RemoveTotpFactorDocument,
    "\n  mutation RegenerateRecoveryCodes {\n    regenerateRecoveryCodes {\n      codes\n    }\n  }\n": types.RegenerateRecoveryCodesDocument,
    "\n  fragment PasskeyFields on Passkey {\n    id\n    name\n    createdAt\n    lastUsedAt\n    backedUp\n  }\n": types.PasskeyFieldsFragmentDoc,
    "\n  query Passkeys {\n    passkeys {\n      ...PasskeyFields\n    }\n  }\n": types.PasskeysDocument,
    "\n  mutation StartPasskeyRegistration($name: String) {\n    startPasskeyRegistration(name: $name) {\n      challengeId\n      options\n    }\n  }\n": types.StartPasskeyRegistrationDocument,
    "\n  mutation FinishPasskeyRegistration($challengeId: ID!, $response: JSONObject!) {\n    finishPasskeyRegistration(challengeId: $challengeId, response: $response) {\n      ...PasskeyFields\n    }\n  }\n": types.FinishPasskeyRegistrationDocument,
    "\n  mutation RenamePasskey($id: ID!, $name: String!) {\n    renamePasskey(id: $id, name: $name) {\n      ...PasskeyFields\n    }\n  }\n": types.RenamePasskeyDocument,
    "\n  mutation RemovePasskey($id: ID!) {\n    removePasskey(id: $id)\n  }\n": types.RemovePasskeyDocument,
    "\n  mutation StartPasskeySignIn {\n    startPasskeySignIn {\n      challengeId\n      options\n    }\n  }\n": types.StartPasskeySignInDocument,
    "\n  mutation FinishPasskeySignIn($challengeId: ID!, $response: JSONObject!) {\n    finishPasskeySignIn(challengeId: $challengeId, response: $response) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n": types.FinishPasskeySignInDocument,
    "\n  mutation StartPasskeyMfa($mfaToken: String!) {\n    startPasskeyMfa(mfaToken: $mfaToken) {\n      challengeId\n      options\n    }\n  }\n": types.StartPasskeyMfaDocument,
    "\n  mutation FinishPasskeyMfa($mfaToken: String!, $challengeId: ID!, $response: JSONObject!) {\n    finishPasskeyMfa(mfaToken: $mfaToken, challengeId: $challengeId, response: $response) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n": types.FinishPasskeyMfaDocument,
    "\n  query IdentityProviders {\n    identityProviders {\n      id\n      name\n    }\n  }\n": types.IdentityProvidersDocument,
    "\n  mutation StartIdentityProviderSignIn($provider: ID!, $redirectUri: String!) {\n    startIdentityProviderSignIn(provider: $provider, redirectUri: $redirectUri)\n  }\n": types.StartIdentityProviderSignInDocument,
    "\n  mutation CompleteIdentityProviderSignIn($code: String!) {\n    completeIdentityProviderSignIn(code: $code) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n": types.CompleteIdentityProviderSignInDocument,
    "\n  query Identities {\n    identities {\n      id\n      email\n      linkedAt\n      lastUsedAt\n      provider {\n        id\n        name\n      }\n    }\n  }\n": types.IdentitiesDocument,
    "\n  mutation LinkIdentityProvider($provider: ID!, $redirectUri: String!) {\n    linkIdentityProvider(provider: $provider, redirectUri: $redirectUri)\n  }\n": types.LinkIdentityProviderDocument,
    "\n  mutation UnlinkIdentity($id: ID!) {\n    unlinkIdentity(id: $id)\n  }\n": types.UnlinkIdentityDocument,
    "\n  mutation RequestEmailSignIn($email: String!) {\n    requestEmailSignIn(email: $email)\n  }\n": types.RequestEmailSignInDocument,
    "\n  mutation CompleteEmailSignIn($token: String!) {\n    completeEmailSignIn(token: $token) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n": types.CompleteEmailSignInDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProfileFields on User {\n    id\n    username\n    email\n    role\n    dateJoined\n    lastLogin\n    mfaEnabled\n  }\n"): (typeof documents)["\n  fragment ProfileFields on User {\n    id\n    username\n    email\n    role\n    dateJoined\n    lastLogin\n    mfaEnabled\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      id\n      username\n      isActive\n    }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      id\n      username\n      isActive\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshSession {\n    refreshToken {\n      accessToken\n      expiresIn\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshSession {\n    refreshToken {\n      accessToken\n      expiresIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      ...ProfileFields\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      ...ProfileFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      userAgent\n      ipAddress\n      current\n    }\n  }\n"): (typeof documents)["\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      userAgent\n      ipAddress\n      current\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      accessToken\n      expiresIn\n    }\n  }\n"): (typeof documents)["\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      accessToken\n      expiresIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SecurityActivity($first: Int) {\n    securityEvents(first: $first) {\n      edges {\n        node {\n          id\n          type\n          at\n          ipAddress\n          userAgent\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SecurityActivity($first: Int) {\n    securityEvents(first: $first) {\n      edges {\n        node {\n          id\n          type\n          at\n          ipAddress\n          userAgent\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteMfaLogin($input: CompleteMfaLoginInput!) {\n    completeMfaLogin(input: $input) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CompleteMfaLogin($input: CompleteMfaLoginInput!) {\n    completeMfaLogin(input: $input) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Reauthenticate($input: ReauthenticateInput!) {\n    reauthenticate(input: $input) {\n      accessToken\n      expiresIn\n    }\n  }\n"): (typeof documents)["\n  mutation Reauthenticate($input: ReauthenticateInput!) {\n    reauthenticate(input: $input) {\n      accessToken\n      expiresIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TotpFactors {\n    totpFactors {\n      id\n      name\n      confirmed\n      createdAt\n      lastUsedAt\n    }\n  }\n"): (typeof documents)["\n  query TotpFactors {\n    totpFactors {\n      id\n      name\n      confirmed\n      createdAt\n      lastUsedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartTotpEnrollment($name: String) {\n    startTotpEnrollment(name: $name) {\n      secret\n      otpauthUri\n      factor {\n        id\n        name\n        confirmed\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StartTotpEnrollment($name: String) {\n    startTotpEnrollment(name: $name) {\n      secret\n      otpauthUri\n      factor {\n        id\n        name\n        confirmed\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmTotpEnrollment($factorId: ID!, $code: String!) {\n    confirmTotpEnrollment(factorId: $factorId, code: $code) {\n      codes\n    }\n  }\n"): (typeof documents)["\n  mutation ConfirmTotpEnrollment($factorId: ID!, $code: String!) {\n    confirmTotpEnrollment(factorId: $factorId, code: $code) {\n      codes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveTotpFactor($id: ID!) {\n    removeTotpFactor(id: $id)\n  }\n"): (typeof documents)["\n  mutation RemoveTotpFactor($id: ID!) {\n    removeTotpFactor(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegenerateRecoveryCodes {\n    regenerateRecoveryCodes {\n      codes\n    }\n  }\n"): (typeof documents)["\n  mutation RegenerateRecoveryCodes {\n    regenerateRecoveryCodes {\n      codes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PasskeyFields on Passkey {\n    id\n    name\n    createdAt\n    lastUsedAt\n    backedUp\n  }\n"): (typeof documents)["\n  fragment PasskeyFields on Passkey {\n    id\n    name\n    createdAt\n    lastUsedAt\n    backedUp\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Passkeys {\n    passkeys {\n      ...PasskeyFields\n    }\n  }\n"): (typeof documents)["\n  query Passkeys {\n    passkeys {\n      ...PasskeyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartPasskeyRegistration($name: String) {\n    startPasskeyRegistration(name: $name) {\n      challengeId\n      options\n    }\n  }\n"): (typeof documents)["\n  mutation StartPasskeyRegistration($name: String) {\n    startPasskeyRegistration(name: $name) {\n      challengeId\n      options\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FinishPasskeyRegistration($challengeId: ID!, $response: JSONObject!) {\n    finishPasskeyRegistration(challengeId: $challengeId, response: $response) {\n      ...PasskeyFields\n    }\n  }\n"): (typeof documents)["\n  mutation FinishPasskeyRegistration($challengeId: ID!, $response: JSONObject!) {\n    finishPasskeyRegistration(challengeId: $challengeId, response: $response) {\n      ...PasskeyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenamePasskey($id: ID!, $name: String!) {\n    renamePasskey(id: $id, name: $name) {\n      ...PasskeyFields\n    }\n  }\n"): (typeof documents)["\n  mutation RenamePasskey($id: ID!, $name: String!) {\n    renamePasskey(id: $id, name: $name) {\n      ...PasskeyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemovePasskey($id: ID!) {\n    removePasskey(id: $id)\n  }\n"): (typeof documents)["\n  mutation RemovePasskey($id: ID!) {\n    removePasskey(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartPasskeySignIn {\n    startPasskeySignIn {\n      challengeId\n      options\n    }\n  }\n"): (typeof documents)["\n  mutation StartPasskeySignIn {\n    startPasskeySignIn {\n      challengeId\n      options\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FinishPasskeySignIn($challengeId: ID!, $response: JSONObject!) {\n    finishPasskeySignIn(challengeId: $challengeId, response: $response) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation FinishPasskeySignIn($challengeId: ID!, $response: JSONObject!) {\n    finishPasskeySignIn(challengeId: $challengeId, response: $response) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartPasskeyMfa($mfaToken: String!) {\n    startPasskeyMfa(mfaToken: $mfaToken) {\n      challengeId\n      options\n    }\n  }\n"): (typeof documents)["\n  mutation StartPasskeyMfa($mfaToken: String!) {\n    startPasskeyMfa(mfaToken: $mfaToken) {\n      challengeId\n      options\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FinishPasskeyMfa($mfaToken: String!, $challengeId: ID!, $response: JSONObject!) {\n    finishPasskeyMfa(mfaToken: $mfaToken, challengeId: $challengeId, response: $response) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation FinishPasskeyMfa($mfaToken: String!, $challengeId: ID!, $response: JSONObject!) {\n    finishPasskeyMfa(mfaToken: $mfaToken, challengeId: $challengeId, response: $response) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IdentityProviders {\n    identityProviders {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query IdentityProviders {\n    identityProviders {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartIdentityProviderSignIn($provider: ID!, $redirectUri: String!) {\n    startIdentityProviderSignIn(provider: $provider, redirectUri: $redirectUri)\n  }\n"): (typeof documents)["\n  mutation StartIdentityProviderSignIn($provider: ID!, $redirectUri: String!) {\n    startIdentityProviderSignIn(provider: $provider, redirectUri: $redirectUri)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteIdentityProviderSignIn($code: String!) {\n    completeIdentityProviderSignIn(code: $code) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CompleteIdentityProviderSignIn($code: String!) {\n    completeIdentityProviderSignIn(code: $code) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Identities {\n    identities {\n      id\n      email\n      linkedAt\n      lastUsedAt\n      provider {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Identities {\n    identities {\n      id\n      email\n      linkedAt\n      lastUsedAt\n      provider {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LinkIdentityProvider($provider: ID!, $redirectUri: String!) {\n    linkIdentityProvider(provider: $provider, redirectUri: $redirectUri)\n  }\n"): (typeof documents)["\n  mutation LinkIdentityProvider($provider: ID!, $redirectUri: String!) {\n    linkIdentityProvider(provider: $provider, redirectUri: $redirectUri)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnlinkIdentity($id: ID!) {\n    unlinkIdentity(id: $id)\n  }\n"): (typeof documents)["\n  mutation UnlinkIdentity($id: ID!) {\n    unlinkIdentity(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestEmailSignIn($email: String!) {\n    requestEmailSignIn(email: $email)\n  }\n"): (typeof documents)["\n  mutation RequestEmailSignIn($email: String!) {\n    requestEmailSignIn(email: $email)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteEmailSignIn($token: String!) {\n    completeEmailSignIn(token: $token) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CompleteEmailSignIn($token: String!) {\n    completeEmailSignIn(token: $token) {\n      accessToken\n      expiresIn\n      user {\n        ...ProfileFields\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;