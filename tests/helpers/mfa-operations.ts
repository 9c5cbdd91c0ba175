import { graphql } from '../gql/index.js';

/** Operations of two-factor sign-in (contract part `mfa`), typed by codegen. */

export const StartTotpEnrollmentDocument = graphql(`
  mutation StartTotpEnrollment($name: String) {
    startTotpEnrollment(name: $name) {
      secret
      otpauthUri
      factor {
        id
        name
        confirmed
        createdAt
        lastUsedAt
      }
    }
  }
`);

export const ConfirmTotpEnrollmentDocument = graphql(`
  mutation ConfirmTotpEnrollment($factorId: ID!, $code: String!) {
    confirmTotpEnrollment(factorId: $factorId, code: $code) {
      codes
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

export const RemoveTotpFactorDocument = graphql(`
  mutation RemoveTotpFactor($id: ID!) {
    removeTotpFactor(id: $id)
  }
`);

export const RegenerateRecoveryCodesDocument = graphql(`
  mutation RegenerateRecoveryCodes {
    regenerateRecoveryCodes {
      codes
    }
  }
`);

export const CompleteMfaLoginDocument = graphql(`
  mutation CompleteMfaLogin($input: CompleteMfaLoginInput!) {
    completeMfaLogin(input: $input) {
      accessToken
      refreshToken
      expiresIn
      user {
        id
        username
        mfaEnabled
        lastLogin
      }
    }
  }
`);

export const ReauthenticateDocument = graphql(`
  mutation Reauthenticate($input: ReauthenticateInput!) {
    reauthenticate(input: $input) {
      accessToken
      refreshToken
    }
  }
`);

export const ResetUserMfaDocument = graphql(`
  mutation ResetUserMfa($id: ID!) {
    resetUserMfa(id: $id)
  }
`);

export const MfaStatusDocument = graphql(`
  query MfaStatus {
    me {
      id
      mfaEnabled
    }
  }
`);

export const CurrentSessionAuthenticationDocument = graphql(`
  query CurrentSessionAuthentication {
    sessions {
      id
      current
      authMethods
      assuranceLevel
      authenticatedAt
    }
  }
`);
