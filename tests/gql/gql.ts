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
    "\n  mutation SetUserActiveForEmailSignIn($id: ID!, $active: Boolean!) {\n    setUserActive(id: $id, active: $active) {\n      id\n      isActive\n    }\n  }\n": typeof types.SetUserActiveForEmailSignInDocument,
    "\n  mutation ActivateAccount($token: String!) {\n    activateAccount(token: $token)\n  }\n": typeof types.ActivateAccountDocument,
    "\n  mutation ResendActivation($email: String!) {\n    resendActivation(email: $email)\n  }\n": typeof types.ResendActivationDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n": typeof types.ResetPasswordDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  mutation UpdateMe($input: UpdateMeInput!) {\n    updateMe(input: $input) {\n      ...UserFields\n    }\n  }\n": typeof types.UpdateMeDocument,
    "\n  mutation DeleteMe($currentPassword: String!) {\n    deleteMe(currentPassword: $currentPassword)\n  }\n": typeof types.DeleteMeDocument,
    "\n  query User($id: ID!) {\n    user(id: $id) {\n      ...UserFields\n    }\n  }\n": typeof types.UserDocument,
    "\n  query Users($first: Int, $after: String, $search: String) {\n    users(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...UserFields\n        }\n      }\n    }\n  }\n": typeof types.UsersDocument,
    "\n  mutation StartTotpEnrollment($name: String) {\n    startTotpEnrollment(name: $name) {\n      secret\n      otpauthUri\n      factor {\n        id\n        name\n        confirmed\n        createdAt\n        lastUsedAt\n      }\n    }\n  }\n": typeof types.StartTotpEnrollmentDocument,
    "\n  mutation ConfirmTotpEnrollment($factorId: ID!, $code: String!) {\n    confirmTotpEnrollment(factorId: $factorId, code: $code) {\n      codes\n    }\n  }\n": typeof types.ConfirmTotpEnrollmentDocument,
    "\n  query TotpFactors {\n    totpFactors {\n      id\n      name\n      confirmed\n      createdAt\n      lastUsedAt\n    }\n  }\n": typeof types.TotpFactorsDocument,
    "\n  mutation RemoveTotpFactor($id: ID!) {\n    removeTotpFactor(id: $id)\n  }\n": typeof types.RemoveTotpFactorDocument,
    "\n  mutation RegenerateRecoveryCodes {\n    regenerateRecoveryCodes {\n      codes\n    }\n  }\n": typeof types.RegenerateRecoveryCodesDocument,
    "\n  mutation CompleteMfaLogin($input: CompleteMfaLoginInput!) {\n    completeMfaLogin(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n      user {\n        id\n        username\n        mfaEnabled\n        lastLogin\n      }\n    }\n  }\n": typeof types.CompleteMfaLoginDocument,
    "\n  mutation Reauthenticate($input: ReauthenticateInput!) {\n    reauthenticate(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n": typeof types.ReauthenticateDocument,
    "\n  mutation ResetUserMfa($id: ID!) {\n    resetUserMfa(id: $id)\n  }\n": typeof types.ResetUserMfaDocument,
    "\n  query MfaStatus {\n    me {\n      id\n      mfaEnabled\n    }\n  }\n": typeof types.MfaStatusDocument,
    "\n  query CurrentSessionAuthentication {\n    sessions {\n      id\n      current\n      authMethods\n      assuranceLevel\n      authenticatedAt\n    }\n  }\n": typeof types.CurrentSessionAuthenticationDocument,
    "\n  fragment UserFields on User {\n    id\n    username\n    email\n    role\n    isActive\n    dateJoined\n    lastLogin\n  }\n": typeof types.UserFieldsFragmentDoc,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...UserFields\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  fragment AuthPayloadFields on AuthPayload {\n    accessToken\n    refreshToken\n    tokenType\n    expiresIn\n    refreshExpiresIn\n    user {\n      ...UserFields\n    }\n  }\n": typeof types.AuthPayloadFieldsFragmentDoc,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query Me {\n    me {\n      ...UserFields\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...AuthPayloadFields\n    }\n  }\n": typeof types.RefreshTokenDocument,
    "\n  mutation VerifyToken($token: String!) {\n    verifyToken(token: $token) {\n      valid\n      tokenType\n      userId\n      expiresAt\n    }\n  }\n": typeof types.VerifyTokenDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.LogoutDocument,
    "\n  mutation LogoutAll {\n    logoutAll\n  }\n": typeof types.LogoutAllDocument,
    "\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      expiresAt\n      userAgent\n      ipAddress\n      current\n    }\n  }\n": typeof types.SessionsDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": typeof types.RevokeSessionDocument,
    "\n  query Passkeys {\n    passkeys {\n      id\n      name\n      createdAt\n      lastUsedAt\n      backedUp\n    }\n  }\n": typeof types.PasskeysDocument,
    "\n  mutation StartPasskeyRegistration($name: String) {\n    startPasskeyRegistration(name: $name) {\n      challengeId\n      options\n    }\n  }\n": typeof types.StartPasskeyRegistrationDocument,
    "\n  mutation FinishPasskeyRegistration($challengeId: ID!, $response: JSONObject!) {\n    finishPasskeyRegistration(challengeId: $challengeId, response: $response) {\n      id\n      name\n      createdAt\n      lastUsedAt\n      backedUp\n    }\n  }\n": typeof types.FinishPasskeyRegistrationDocument,
    "\n  mutation RenamePasskey($id: ID!, $name: String!) {\n    renamePasskey(id: $id, name: $name) {\n      id\n      name\n    }\n  }\n": typeof types.RenamePasskeyDocument,
    "\n  mutation RemovePasskey($id: ID!) {\n    removePasskey(id: $id)\n  }\n": typeof types.RemovePasskeyDocument,
    "\n  mutation StartPasskeySignIn($username: String) {\n    startPasskeySignIn(username: $username) {\n      challengeId\n      options\n    }\n  }\n": typeof types.StartPasskeySignInDocument,
    "\n  mutation FinishPasskeySignIn($challengeId: ID!, $response: JSONObject!) {\n    finishPasskeySignIn(challengeId: $challengeId, response: $response) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        mfaEnabled\n        lastLogin\n      }\n    }\n  }\n": typeof types.FinishPasskeySignInDocument,
    "\n  mutation StartPasskeyMfa($mfaToken: String!) {\n    startPasskeyMfa(mfaToken: $mfaToken) {\n      challengeId\n      options\n    }\n  }\n": typeof types.StartPasskeyMfaDocument,
    "\n  mutation FinishPasskeyMfa($mfaToken: String!, $challengeId: ID!, $response: JSONObject!) {\n    finishPasskeyMfa(mfaToken: $mfaToken, challengeId: $challengeId, response: $response) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        mfaEnabled\n      }\n    }\n  }\n": typeof types.FinishPasskeyMfaDocument,
    "\n  query IdentityProviders {\n    identityProviders {\n      id\n      name\n    }\n  }\n": typeof types.IdentityProvidersDocument,
    "\n  mutation StartIdentityProviderSignIn($provider: ID!, $redirectUri: String!) {\n    startIdentityProviderSignIn(provider: $provider, redirectUri: $redirectUri)\n  }\n": typeof types.StartIdentityProviderSignInDocument,
    "\n  mutation CompleteIdentityProviderSignIn($code: String!) {\n    completeIdentityProviderSignIn(code: $code) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        email\n        isActive\n        mfaEnabled\n      }\n    }\n  }\n": typeof types.CompleteIdentityProviderSignInDocument,
    "\n  mutation LinkIdentityProvider($provider: ID!, $redirectUri: String!) {\n    linkIdentityProvider(provider: $provider, redirectUri: $redirectUri)\n  }\n": typeof types.LinkIdentityProviderDocument,
    "\n  query Identities {\n    identities {\n      id\n      email\n      linkedAt\n      lastUsedAt\n      provider {\n        id\n        name\n      }\n    }\n  }\n": typeof types.IdentitiesDocument,
    "\n  mutation UnlinkIdentity($id: ID!) {\n    unlinkIdentity(id: $id)\n  }\n": typeof types.UnlinkIdentityDocument,
    "\n  mutation RequestEmailSignIn($email: String!) {\n    requestEmailSignIn(email: $email)\n  }\n": typeof types.RequestEmailSignInDocument,
    "\n  mutation CompleteEmailSignIn($token: String!) {\n    completeEmailSignIn(token: $token) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        email\n        isActive\n        mfaEnabled\n      }\n    }\n  }\n": typeof types.CompleteEmailSignInDocument,
    "\n  query SecurityEventTypes {\n    securityEvents(first: 50) {\n      edges {\n        node {\n          type\n        }\n      }\n    }\n  }\n": typeof types.SecurityEventTypesDocument,
};
const documents: Documents = {
    "\n  mutation SetUserActiveForEmailSignIn($id: ID!, $active: Boolean!) {\n    setUserActive(id: $id, active: $active) {\n      id\n      isActive\n    }\n  }\n": types.SetUserActiveForEmailSignInDocument,
    "\n  mutation ActivateAccount($token: String!) {\n    activateAccount(token: $token)\n  }\n": types.ActivateAccountDocument,
    "\n  mutation ResendActivation($email: String!) {\n    resendActivation(email: $email)\n  }\n": types.ResendActivationDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n": types.ResetPasswordDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  mutation UpdateMe($input: UpdateMeInput!) {\n    updateMe(input: $input) {\n      ...UserFields\n    }\n  }\n": types.UpdateMeDocument,
    "\n  mutation DeleteMe($currentPassword: String!) {\n    deleteMe(currentPassword: $currentPassword)\n  }\n": types.DeleteMeDocument,
    "\n  query User($id: ID!) {\n    user(id: $id) {\n      ...UserFields\n    }\n  }\n": types.UserDocument,
    "\n  query Users($first: Int, $after: String, $search: String) {\n    users(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...UserFields\n        }\n      }\n    }\n  }\n": types.UsersDocument,
    "\n  mutation StartTotpEnrollment($name: String) {\n    startTotpEnrollment(name: $name) {\n      secret\n      otpauthUri\n      factor {\n        id\n        name\n        confirmed\n        createdAt\n        lastUsedAt\n      }\n    }\n  }\n": types.StartTotpEnrollmentDocument,
    "\n  mutation ConfirmTotpEnrollment($factorId: ID!, $code: String!) {\n    confirmTotpEnrollment(factorId: $factorId, code: $code) {\n      codes\n    }\n  }\n": types.ConfirmTotpEnrollmentDocument,
    "\n  query TotpFactors {\n    totpFactors {\n      id\n      name\n      confirmed\n      createdAt\n      lastUsedAt\n    }\n  }\n": types.TotpFactorsDocument,
    "\n  mutation RemoveTotpFactor($id: ID!) {\n    removeTotpFactor(id: $id)\n  }\n": types.RemoveTotpFactorDocument,
    "\n  mutation RegenerateRecoveryCodes {\n    regenerateRecoveryCodes {\n      codes\n    }\n  }\n": types.RegenerateRecoveryCodesDocument,
    "\n  mutation CompleteMfaLogin($input: CompleteMfaLoginInput!) {\n    completeMfaLogin(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n      user {\n        id\n        username\n        mfaEnabled\n        lastLogin\n      }\n    }\n  }\n": types.CompleteMfaLoginDocument,
    "\n  mutation Reauthenticate($input: ReauthenticateInput!) {\n    reauthenticate(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n": types.ReauthenticateDocument,
    "\n  mutation ResetUserMfa($id: ID!) {\n    resetUserMfa(id: $id)\n  }\n": types.ResetUserMfaDocument,
    "\n  query MfaStatus {\n    me {\n      id\n      mfaEnabled\n    }\n  }\n": types.MfaStatusDocument,
    "\n  query CurrentSessionAuthentication {\n    sessions {\n      id\n      current\n      authMethods\n      assuranceLevel\n      authenticatedAt\n    }\n  }\n": types.CurrentSessionAuthenticationDocument,
    "\n  fragment UserFields on User {\n    id\n    username\n    email\n    role\n    isActive\n    dateJoined\n    lastLogin\n  }\n": types.UserFieldsFragmentDoc,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...UserFields\n    }\n  }\n": types.RegisterDocument,
    "\n  fragment AuthPayloadFields on AuthPayload {\n    accessToken\n    refreshToken\n    tokenType\n    expiresIn\n    refreshExpiresIn\n    user {\n      ...UserFields\n    }\n  }\n": types.AuthPayloadFieldsFragmentDoc,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n": types.LoginDocument,
    "\n  query Me {\n    me {\n      ...UserFields\n    }\n  }\n": types.MeDocument,
    "\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...AuthPayloadFields\n    }\n  }\n": types.RefreshTokenDocument,
    "\n  mutation VerifyToken($token: String!) {\n    verifyToken(token: $token) {\n      valid\n      tokenType\n      userId\n      expiresAt\n    }\n  }\n": types.VerifyTokenDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.LogoutDocument,
    "\n  mutation LogoutAll {\n    logoutAll\n  }\n": types.LogoutAllDocument,
    "\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      expiresAt\n      userAgent\n      ipAddress\n      current\n    }\n  }\n": types.SessionsDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": types.RevokeSessionDocument,
    "\n  query Passkeys {\n    passkeys {\n      id\n      name\n      createdAt\n      lastUsedAt\n      backedUp\n    }\n  }\n": types.PasskeysDocument,
    "\n  mutation StartPasskeyRegistration($name: String) {\n    startPasskeyRegistration(name: $name) {\n      challengeId\n      options\n    }\n  }\n": types.StartPasskeyRegistrationDocument,
    "\n  mutation FinishPasskeyRegistration($challengeId: ID!, $response: JSONObject!) {\n    finishPasskeyRegistration(challengeId: $challengeId, response: $response) {\n      id\n      name\n      createdAt\n      lastUsedAt\n      backedUp\n    }\n  }\n": types.FinishPasskeyRegistrationDocument,
    "\n  mutation RenamePasskey($id: ID!, $name: String!) {\n    renamePasskey(id: $id, name: $name) {\n      id\n      name\n    }\n  }\n": types.RenamePasskeyDocument,
    "\n  mutation RemovePasskey($id: ID!) {\n    removePasskey(id: $id)\n  }\n": types.RemovePasskeyDocument,
    "\n  mutation StartPasskeySignIn($username: String) {\n    startPasskeySignIn(username: $username) {\n      challengeId\n      options\n    }\n  }\n": types.StartPasskeySignInDocument,
    "\n  mutation FinishPasskeySignIn($challengeId: ID!, $response: JSONObject!) {\n    finishPasskeySignIn(challengeId: $challengeId, response: $response) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        mfaEnabled\n        lastLogin\n      }\n    }\n  }\n": types.FinishPasskeySignInDocument,
    "\n  mutation StartPasskeyMfa($mfaToken: String!) {\n    startPasskeyMfa(mfaToken: $mfaToken) {\n      challengeId\n      options\n    }\n  }\n": types.StartPasskeyMfaDocument,
    "\n  mutation FinishPasskeyMfa($mfaToken: String!, $challengeId: ID!, $response: JSONObject!) {\n    finishPasskeyMfa(mfaToken: $mfaToken, challengeId: $challengeId, response: $response) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        mfaEnabled\n      }\n    }\n  }\n": types.FinishPasskeyMfaDocument,
    "\n  query IdentityProviders {\n    identityProviders {\n      id\n      name\n    }\n  }\n": types.IdentityProvidersDocument,
    "\n  mutation StartIdentityProviderSignIn($provider: ID!, $redirectUri: String!) {\n    startIdentityProviderSignIn(provider: $provider, redirectUri: $redirectUri)\n  }\n": types.StartIdentityProviderSignInDocument,
    "\n  mutation CompleteIdentityProviderSignIn($code: String!) {\n    completeIdentityProviderSignIn(code: $code) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        email\n        isActive\n        mfaEnabled\n      }\n    }\n  }\n": types.CompleteIdentityProviderSignInDocument,
    "\n  mutation LinkIdentityProvider($provider: ID!, $redirectUri: String!) {\n    linkIdentityProvider(provider: $provider, redirectUri: $redirectUri)\n  }\n": types.LinkIdentityProviderDocument,
    "\n  query Identities {\n    identities {\n      id\n      email\n      linkedAt\n      lastUsedAt\n      provider {\n        id\n        name\n      }\n    }\n  }\n": types.IdentitiesDocument,
    "\n  mutation UnlinkIdentity($id: ID!) {\n    unlinkIdentity(id: $id)\n  }\n": types.UnlinkIdentityDocument,
    "\n  mutation RequestEmailSignIn($email: String!) {\n    requestEmailSignIn(email: $email)\n  }\n": types.RequestEmailSignInDocument,
    "\n  mutation CompleteEmailSignIn($token: String!) {\n    completeEmailSignIn(token: $token) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        email\n        isActive\n        mfaEnabled\n      }\n    }\n  }\n": types.CompleteEmailSignInDocument,
    "\n  query SecurityEventTypes {\n    securityEvents(first: 50) {\n      edges {\n        node {\n          type\n        }\n      }\n    }\n  }\n": types.SecurityEventTypesDocument,
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
export function graphql(source: "\n  mutation SetUserActiveForEmailSignIn($id: ID!, $active: Boolean!) {\n    setUserActive(id: $id, active: $active) {\n      id\n      isActive\n    }\n  }\n"): (typeof documents)["\n  mutation SetUserActiveForEmailSignIn($id: ID!, $active: Boolean!) {\n    setUserActive(id: $id, active: $active) {\n      id\n      isActive\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ActivateAccount($token: String!) {\n    activateAccount(token: $token)\n  }\n"): (typeof documents)["\n  mutation ActivateAccount($token: String!) {\n    activateAccount(token: $token)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendActivation($email: String!) {\n    resendActivation(email: $email)\n  }\n"): (typeof documents)["\n  mutation ResendActivation($email: String!) {\n    resendActivation(email: $email)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"): (typeof documents)["\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n"): (typeof documents)["\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n"): (typeof documents)["\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMe($input: UpdateMeInput!) {\n    updateMe(input: $input) {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateMe($input: UpdateMeInput!) {\n    updateMe(input: $input) {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMe($currentPassword: String!) {\n    deleteMe(currentPassword: $currentPassword)\n  }\n"): (typeof documents)["\n  mutation DeleteMe($currentPassword: String!) {\n    deleteMe(currentPassword: $currentPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query User($id: ID!) {\n    user(id: $id) {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  query User($id: ID!) {\n    user(id: $id) {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users($first: Int, $after: String, $search: String) {\n    users(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...UserFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Users($first: Int, $after: String, $search: String) {\n    users(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...UserFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartTotpEnrollment($name: String) {\n    startTotpEnrollment(name: $name) {\n      secret\n      otpauthUri\n      factor {\n        id\n        name\n        confirmed\n        createdAt\n        lastUsedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StartTotpEnrollment($name: String) {\n    startTotpEnrollment(name: $name) {\n      secret\n      otpauthUri\n      factor {\n        id\n        name\n        confirmed\n        createdAt\n        lastUsedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmTotpEnrollment($factorId: ID!, $code: String!) {\n    confirmTotpEnrollment(factorId: $factorId, code: $code) {\n      codes\n    }\n  }\n"): (typeof documents)["\n  mutation ConfirmTotpEnrollment($factorId: ID!, $code: String!) {\n    confirmTotpEnrollment(factorId: $factorId, code: $code) {\n      codes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TotpFactors {\n    totpFactors {\n      id\n      name\n      confirmed\n      createdAt\n      lastUsedAt\n    }\n  }\n"): (typeof documents)["\n  query TotpFactors {\n    totpFactors {\n      id\n      name\n      confirmed\n      createdAt\n      lastUsedAt\n    }\n  }\n"];
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
export function graphql(source: "\n  mutation CompleteMfaLogin($input: CompleteMfaLoginInput!) {\n    completeMfaLogin(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n      user {\n        id\n        username\n        mfaEnabled\n        lastLogin\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CompleteMfaLogin($input: CompleteMfaLoginInput!) {\n    completeMfaLogin(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n      user {\n        id\n        username\n        mfaEnabled\n        lastLogin\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Reauthenticate($input: ReauthenticateInput!) {\n    reauthenticate(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n"): (typeof documents)["\n  mutation Reauthenticate($input: ReauthenticateInput!) {\n    reauthenticate(input: $input) {\n      accessToken\n      refreshToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetUserMfa($id: ID!) {\n    resetUserMfa(id: $id)\n  }\n"): (typeof documents)["\n  mutation ResetUserMfa($id: ID!) {\n    resetUserMfa(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MfaStatus {\n    me {\n      id\n      mfaEnabled\n    }\n  }\n"): (typeof documents)["\n  query MfaStatus {\n    me {\n      id\n      mfaEnabled\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CurrentSessionAuthentication {\n    sessions {\n      id\n      current\n      authMethods\n      assuranceLevel\n      authenticatedAt\n    }\n  }\n"): (typeof documents)["\n  query CurrentSessionAuthentication {\n    sessions {\n      id\n      current\n      authMethods\n      assuranceLevel\n      authenticatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserFields on User {\n    id\n    username\n    email\n    role\n    isActive\n    dateJoined\n    lastLogin\n  }\n"): (typeof documents)["\n  fragment UserFields on User {\n    id\n    username\n    email\n    role\n    isActive\n    dateJoined\n    lastLogin\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuthPayloadFields on AuthPayload {\n    accessToken\n    refreshToken\n    tokenType\n    expiresIn\n    refreshExpiresIn\n    user {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  fragment AuthPayloadFields on AuthPayload {\n    accessToken\n    refreshToken\n    tokenType\n    expiresIn\n    refreshExpiresIn\n    user {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...AuthPayloadFields\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...AuthPayloadFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyToken($token: String!) {\n    verifyToken(token: $token) {\n      valid\n      tokenType\n      userId\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation VerifyToken($token: String!) {\n    verifyToken(token: $token) {\n      valid\n      tokenType\n      userId\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogoutAll {\n    logoutAll\n  }\n"): (typeof documents)["\n  mutation LogoutAll {\n    logoutAll\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      expiresAt\n      userAgent\n      ipAddress\n      current\n    }\n  }\n"): (typeof documents)["\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      expiresAt\n      userAgent\n      ipAddress\n      current\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Passkeys {\n    passkeys {\n      id\n      name\n      createdAt\n      lastUsedAt\n      backedUp\n    }\n  }\n"): (typeof documents)["\n  query Passkeys {\n    passkeys {\n      id\n      name\n      createdAt\n      lastUsedAt\n      backedUp\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartPasskeyRegistration($name: String) {\n    startPasskeyRegistration(name: $name) {\n      challengeId\n      options\n    }\n  }\n"): (typeof documents)["\n  mutation StartPasskeyRegistration($name: String) {\n    startPasskeyRegistration(name: $name) {\n      challengeId\n      options\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FinishPasskeyRegistration($challengeId: ID!, $response: JSONObject!) {\n    finishPasskeyRegistration(challengeId: $challengeId, response: $response) {\n      id\n      name\n      createdAt\n      lastUsedAt\n      backedUp\n    }\n  }\n"): (typeof documents)["\n  mutation FinishPasskeyRegistration($challengeId: ID!, $response: JSONObject!) {\n    finishPasskeyRegistration(challengeId: $challengeId, response: $response) {\n      id\n      name\n      createdAt\n      lastUsedAt\n      backedUp\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenamePasskey($id: ID!, $name: String!) {\n    renamePasskey(id: $id, name: $name) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation RenamePasskey($id: ID!, $name: String!) {\n    renamePasskey(id: $id, name: $name) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemovePasskey($id: ID!) {\n    removePasskey(id: $id)\n  }\n"): (typeof documents)["\n  mutation RemovePasskey($id: ID!) {\n    removePasskey(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartPasskeySignIn($username: String) {\n    startPasskeySignIn(username: $username) {\n      challengeId\n      options\n    }\n  }\n"): (typeof documents)["\n  mutation StartPasskeySignIn($username: String) {\n    startPasskeySignIn(username: $username) {\n      challengeId\n      options\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FinishPasskeySignIn($challengeId: ID!, $response: JSONObject!) {\n    finishPasskeySignIn(challengeId: $challengeId, response: $response) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        mfaEnabled\n        lastLogin\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation FinishPasskeySignIn($challengeId: ID!, $response: JSONObject!) {\n    finishPasskeySignIn(challengeId: $challengeId, response: $response) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        mfaEnabled\n        lastLogin\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartPasskeyMfa($mfaToken: String!) {\n    startPasskeyMfa(mfaToken: $mfaToken) {\n      challengeId\n      options\n    }\n  }\n"): (typeof documents)["\n  mutation StartPasskeyMfa($mfaToken: String!) {\n    startPasskeyMfa(mfaToken: $mfaToken) {\n      challengeId\n      options\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FinishPasskeyMfa($mfaToken: String!, $challengeId: ID!, $response: JSONObject!) {\n    finishPasskeyMfa(mfaToken: $mfaToken, challengeId: $challengeId, response: $response) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        mfaEnabled\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation FinishPasskeyMfa($mfaToken: String!, $challengeId: ID!, $response: JSONObject!) {\n    finishPasskeyMfa(mfaToken: $mfaToken, challengeId: $challengeId, response: $response) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        mfaEnabled\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  mutation CompleteIdentityProviderSignIn($code: String!) {\n    completeIdentityProviderSignIn(code: $code) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        email\n        isActive\n        mfaEnabled\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CompleteIdentityProviderSignIn($code: String!) {\n    completeIdentityProviderSignIn(code: $code) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        email\n        isActive\n        mfaEnabled\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LinkIdentityProvider($provider: ID!, $redirectUri: String!) {\n    linkIdentityProvider(provider: $provider, redirectUri: $redirectUri)\n  }\n"): (typeof documents)["\n  mutation LinkIdentityProvider($provider: ID!, $redirectUri: String!) {\n    linkIdentityProvider(provider: $provider, redirectUri: $redirectUri)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Identities {\n    identities {\n      id\n      email\n      linkedAt\n      lastUsedAt\n      provider {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Identities {\n    identities {\n      id\n      email\n      linkedAt\n      lastUsedAt\n      provider {\n        id\n        name\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  mutation CompleteEmailSignIn($token: String!) {\n    completeEmailSignIn(token: $token) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        email\n        isActive\n        mfaEnabled\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CompleteEmailSignIn($token: String!) {\n    completeEmailSignIn(token: $token) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        email\n        isActive\n        mfaEnabled\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SecurityEventTypes {\n    securityEvents(first: 50) {\n      edges {\n        node {\n          type\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SecurityEventTypes {\n    securityEvents(first: 50) {\n      edges {\n        node {\n          type\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;