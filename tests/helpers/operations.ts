import { graphql } from '../gql/index.js';

/** Every operation the tests send through Apollo Client, typed by codegen from schema.graphql. */

export const UserFields = graphql(`
  fragment UserFields on User {
    id
    username
    email
    role
    isActive
    dateJoined
    lastLogin
  }
`);

export const RegisterDocument = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      ...UserFields
    }
  }
`);

export const AuthPayloadFields = graphql(`
  fragment AuthPayloadFields on AuthPayload {
    accessToken
    refreshToken
    tokenType
    expiresIn
    refreshExpiresIn
    user {
      ...UserFields
    }
  }
`);

export const LoginDocument = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

export const MeDocument = graphql(`
  query Me {
    me {
      ...UserFields
    }
  }
`);

export const RefreshTokenDocument = graphql(`
  mutation RefreshToken($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) {
      ...AuthPayloadFields
    }
  }
`);

export const VerifyTokenDocument = graphql(`
  mutation VerifyToken($token: String!) {
    verifyToken(token: $token) {
      valid
      tokenType
      userId
      expiresAt
    }
  }
`);

export const LogoutDocument = graphql(`
  mutation Logout($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`);

export const LogoutAllDocument = graphql(`
  mutation LogoutAll {
    logoutAll
  }
`);

export const SessionsDocument = graphql(`
  query Sessions {
    sessions {
      id
      createdAt
      lastUsedAt
      expiresAt
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
