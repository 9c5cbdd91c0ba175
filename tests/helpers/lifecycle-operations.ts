import { graphql } from '../gql/index.js';

/** Operations of the account lifecycle (activation, reset, change, profile, admin), typed by codegen. */

export const ActivateAccountDocument = graphql(`
  mutation ActivateAccount($token: String!) {
    activateAccount(token: $token)
  }
`);

export const ResendActivationDocument = graphql(`
  mutation ResendActivation($email: String!) {
    resendActivation(email: $email)
  }
`);

export const RequestPasswordResetDocument = graphql(`
  mutation RequestPasswordReset($email: String!) {
    requestPasswordReset(email: $email)
  }
`);

export const ResetPasswordDocument = graphql(`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input)
  }
`);

export const ChangePasswordDocument = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

export const UpdateMeDocument = graphql(`
  mutation UpdateMe($input: UpdateMeInput!) {
    updateMe(input: $input) {
      ...UserFields
    }
  }
`);

export const DeleteMeDocument = graphql(`
  mutation DeleteMe($currentPassword: String!) {
    deleteMe(currentPassword: $currentPassword)
  }
`);

export const UserDocument = graphql(`
  query User($id: ID!) {
    user(id: $id) {
      ...UserFields
    }
  }
`);

export const UsersDocument = graphql(`
  query Users($first: Int, $after: String, $search: String) {
    users(first: $first, after: $after, search: $search) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...UserFields
        }
      }
    }
  }
`);
