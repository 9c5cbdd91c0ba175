import { graphql } from '../gql/index.js';

/** Operations of passkeys (contract part `passkeys`), typed by codegen. */

export const PasskeysDocument = graphql(`
  query Passkeys {
    passkeys {
      id
      name
      createdAt
      lastUsedAt
      backedUp
    }
  }
`);

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
      id
      name
      createdAt
      lastUsedAt
      backedUp
    }
  }
`);

export const RenamePasskeyDocument = graphql(`
  mutation RenamePasskey($id: ID!, $name: String!) {
    renamePasskey(id: $id, name: $name) {
      id
      name
    }
  }
`);

export const RemovePasskeyDocument = graphql(`
  mutation RemovePasskey($id: ID!) {
    removePasskey(id: $id)
  }
`);

export const StartPasskeySignInDocument = graphql(`
  mutation StartPasskeySignIn($username: String) {
    startPasskeySignIn(username: $username) {
      challengeId
      options
    }
  }
`);

export const FinishPasskeySignInDocument = graphql(`
  mutation FinishPasskeySignIn($challengeId: ID!, $response: JSONObject!) {
    finishPasskeySignIn(challengeId: $challengeId, response: $response) {
      accessToken
      refreshToken
      user {
        id
        username
        mfaEnabled
        lastLogin
      }
    }
  }
`);

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
      refreshToken
      user {
        id
        username
        mfaEnabled
      }
    }
  }
`);
