import { graphql } from './gql';

/**
 * Every operation the app sends, typed by codegen (`npm run codegen` at the project root writes
 * src/gql/ from schema.graphql). None selects `refreshToken`: in cookie mode the refresh token
 * lives in an httpOnly cookie and never needs to touch a script.
 */

export const ProfileFields = graphql(`
  fragment ProfileFields on User {
    id
    username
    email
    role
    dateJoined
    lastLogin
    mfaEnabled
  }
`);

export const RegisterDocument = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      id
      username
      isActive
    }
  }
`);

export const LoginDocument = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      accessToken
      expiresIn
      user {
        ...ProfileFields
      }
    }
  }
`);

/** No argument: the server takes the refresh token from its httpOnly cookie and sets the next one. */
export const RefreshSessionDocument = graphql(`
  mutation RefreshSession {
    refreshToken {
      accessToken
      expiresIn
    }
  }
`);

/** No argument: ends the session of the cookie's refresh token and clears the cookie. */
export const LogoutDocument = graphql(`
  mutation Logout {
    logout
  }
`);

export const MeDocument = graphql(`
  query Me {
    me {
      ...ProfileFields
    }
  }
`);

export const SessionsDocument = graphql(`
  query Sessions {
    sessions {
      id
      createdAt
      lastUsedAt
      userAgent
      ipAddress
      current
    }
  }
`);

export const RevokeSessionDocument = graphql(`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`);

/** Revokes every other session and returns fresh tokens (the server also sets the new cookie). */
export const ChangePasswordDocument = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      accessToken
      expiresIn
    }
  }
`);

/** The first page of the signed-in user's own security events, newest first. */
export const SecurityActivityDocument = graphql(`
  query SecurityActivity($first: Int) {
    securityEvents(first: $first) {
      edges {
        node {
          id
          type
          at
          ipAddress
          userAgent
        }
      }
    }
  }
`);

/**
 * The second half of a login that answered MFA_REQUIRED: the mfaToken it handed out and a code
 * from the authenticator app, or a recovery code. Tokens as after login (the server sets the cookie).
 */
export const CompleteMfaLoginDocument = graphql(`
  mutation CompleteMfaLogin($input: CompleteMfaLoginInput!) {
    completeMfaLogin(input: $input) {
      accessToken
      expiresIn
      user {
        ...ProfileFields
      }
    }
  }
`);

/** A fresh proof of identity for this session (password, and a code when two-factor is on); fresh tokens. */
export const ReauthenticateDocument = graphql(`
  mutation Reauthenticate($input: ReauthenticateInput!) {
    reauthenticate(input: $input) {
      accessToken
      expiresIn
    }
  }
`);

export const TotpFactorsDocument = graphql(`
  query TotpFactors {
    totpFactors {
      id
      name
      confirmed
      createdAt
      lastUsedAt
    }
  }
`);

/** The secret is shown once: the answer stays out of the cache, like tokens. */
export const StartTotpEnrollmentDocument = graphql(`
  mutation StartTotpEnrollment($name: String) {
    startTotpEnrollment(name: $name) {
      secret
      otpauthUri
      factor {
        id
        name
        confirmed
      }
    }
  }
`);

/** The first app confirmed turns two-factor on and answers the recovery codes (null for later apps). */
export const ConfirmTotpEnrollmentDocument = graphql(`
  mutation ConfirmTotpEnrollment($factorId: ID!, $code: String!) {
    confirmTotpEnrollment(factorId: $factorId, code: $code) {
      codes
    }
  }
`);

export const RemoveTotpFactorDocument = graphql(`
  mutation RemoveTotpFactor($id: ID!) {
    removeTotpFactor(id: $id)
  }
`);

/** A new set of recovery codes; the old ones stop working. */
export const RegenerateRecoveryCodesDocument = graphql(`
  mutation RegenerateRecoveryCodes {
    regenerateRecoveryCodes {
      codes
    }
  }
`);

export const PasskeyFields = graphql(`
  fragment PasskeyFields on Passkey {
    id
    name
    createdAt
    lastUsedAt
    backedUp
  }
`);

export const PasskeysDocument = graphql(`
  query Passkeys {
    passkeys {
      ...PasskeyFields
    }
  }
`);

/** Options for navigator.credentials.create (the JSON form @simplewebauthn/browser takes); needs a recent proof of identity. */
export const StartPasskeyRegistrationDocument = graphql(`
  mutation StartPasskeyRegistration($name: String) {
    startPasskeyRegistration(name: $name) {
      challengeId
      options
    }
  }
`);

export const FinishPasskeyRegistrationDocument = graphql(`
  mutation FinishPasskeyRegistration($challengeId: ID!, $response: JSONObject!) {
    finishPasskeyRegistration(challengeId: $challengeId, response: $response) {
      ...PasskeyFields
    }
  }
`);

export const RenamePasskeyDocument = graphql(`
  mutation RenamePasskey($id: ID!, $name: String!) {
    renamePasskey(id: $id, name: $name) {
      ...PasskeyFields
    }
  }
`);

export const RemovePasskeyDocument = graphql(`
  mutation RemovePasskey($id: ID!) {
    removePasskey(id: $id)
  }
`);

/** No username: any discoverable passkey of this site may answer (the browser lets the person pick one). */
export const StartPasskeySignInDocument = graphql(`
  mutation StartPasskeySignIn {
    startPasskeySignIn {
      challengeId
      options
    }
  }
`);

/** Tokens as after login (the server sets the cookie). */
export const FinishPasskeySignInDocument = graphql(`
  mutation FinishPasskeySignIn($challengeId: ID!, $response: JSONObject!) {
    finishPasskeySignIn(challengeId: $challengeId, response: $response) {
      accessToken
      expiresIn
      user {
        ...ProfileFields
      }
    }
  }
`);

/** A passkey as the second step of a login that answered MFA_REQUIRED with PASSKEY among its factors. */
export const StartPasskeyMfaDocument = graphql(`
  mutation StartPasskeyMfa($mfaToken: String!) {
    startPasskeyMfa(mfaToken: $mfaToken) {
      challengeId
      options
    }
  }
`);

export const FinishPasskeyMfaDocument = graphql(`
  mutation FinishPasskeyMfa($mfaToken: String!, $challengeId: ID!, $response: JSONObject!) {
    finishPasskeyMfa(mfaToken: $mfaToken, challengeId: $challengeId, response: $response) {
      accessToken
      expiresIn
      user {
        ...ProfileFields
      }
    }
  }
`);

/** Public: the configured identity providers, for the "Sign in with …" and "Link …" buttons. */
export const IdentityProvidersDocument = graphql(`
  query IdentityProviders {
    identityProviders {
      id
      name
    }
  }
`);

/** Public: the provider's URL to send the browser to; it comes back to `redirectUri` with `#code=` or `#error=`. */
export const StartIdentityProviderSignInDocument = graphql(`
  mutation StartIdentityProviderSignIn($provider: ID!, $redirectUri: String!) {
    startIdentityProviderSignIn(provider: $provider, redirectUri: $redirectUri)
  }
`);

/** The single-use code of the callback's `#code=` for tokens, as after login (the server sets the cookie). */
export const CompleteIdentityProviderSignInDocument = graphql(`
  mutation CompleteIdentityProviderSignIn($code: String!) {
    completeIdentityProviderSignIn(code: $code) {
      accessToken
      expiresIn
      user {
        ...ProfileFields
      }
    }
  }
`);

export const IdentitiesDocument = graphql(`
  query Identities {
    identities {
      id
      email
      linkedAt
      lastUsedAt
      provider {
        id
        name
      }
    }
  }
`);

/** Signed in, with a recent proof of identity: the provider's URL; it comes back with `#linked=<id>` or `#error=`. */
export const LinkIdentityProviderDocument = graphql(`
  mutation LinkIdentityProvider($provider: ID!, $redirectUri: String!) {
    linkIdentityProvider(provider: $provider, redirectUri: $redirectUri)
  }
`);

export const UnlinkIdentityDocument = graphql(`
  mutation UnlinkIdentity($id: ID!) {
    unlinkIdentity(id: $id)
  }
`);

/** Always true, whether or not the address has an account (nothing to learn from the answer). */
export const RequestEmailSignInDocument = graphql(`
  mutation RequestEmailSignIn($email: String!) {
    requestEmailSignIn(email: $email)
  }
`);

/** The token of the emailed link for tokens, as after login (the server sets the cookie). */
export const CompleteEmailSignInDocument = graphql(`
  mutation CompleteEmailSignIn($token: String!) {
    completeEmailSignIn(token: $token) {
      accessToken
      expiresIn
      user {
        ...ProfileFields
      }
    }
  }
`);
