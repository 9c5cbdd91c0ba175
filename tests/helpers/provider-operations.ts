import { graphql } from '../gql/index.js';

/** Operations of identity providers and emailed sign-in links (contract part `providers`), typed by codegen. */

export const IdentityProvidersDocument = graphql(`
  query IdentityProviders {
    identityProviders {
      id
      name
    }
  }
`);

export const StartIdentityProviderSignInDocument = graphql(`
  mutation StartIdentityProviderSignIn($provider: ID!, $redirectUri: String!) {
    startIdentityProviderSignIn(provider: $provider, redirectUri: $redirectUri)
  }
`);

export const CompleteIdentityProviderSignInDocument = graphql(`
  mutation CompleteIdentityProviderSignIn($code: String!) {
    completeIdentityProviderSignIn(code: $code) {
      accessToken
      refreshToken
      user {
        id
        username
        email
        isActive
        mfaEnabled
      }
    }
  }
`);

export const LinkIdentityProviderDocument = graphql(`
  mutation LinkIdentityProvider($provider: ID!, $redirectUri: String!) {
    linkIdentityProvider(provider: $provider, redirectUri: $redirectUri)
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

export const UnlinkIdentityDocument = graphql(`
  mutation UnlinkIdentity($id: ID!) {
    unlinkIdentity(id: $id)
  }
`);

export const RequestEmailSignInDocument = graphql(`
  mutation RequestEmailSignIn($email: String!) {
    requestEmailSignIn(email: $email)
  }
`);

export const CompleteEmailSignInDocument = graphql(`
  mutation CompleteEmailSignIn($token: String!) {
    completeEmailSignIn(token: $token) {
      accessToken
      refreshToken
      user {
        id
        username
        email
        isActive
        mfaEnabled
      }
    }
  }
`);

export const SecurityEventTypesDocument = graphql(`
  query SecurityEventTypes {
    securityEvents(first: 50) {
      edges {
        node {
          type
        }
      }
    }
  }
`);
