import {
  getNamedType,
  GraphQLError,
  isInputObjectType,
  Kind,
  type GraphQLField,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/**
 * Fields that check a password or a token. Matched by name, so that fields other issues add
 * later (changePassword, resetPassword, …) are covered the moment they exist.
 */
export const CREDENTIAL_FIELD_NAMES: ReadonlySet<string> = new Set([
  'login',
  'changePassword',
  'resetPassword',
  'deleteMe',
  'updateMe',
  'activateAccount',
  'refreshToken',
  'verifyToken',
  'logout',
  'finishPasskeySignIn',
]);

/** An argument (or a field of an input argument) with one of these names makes a field credential-checking too. */
const CREDENTIAL_ARGUMENT = /password|token/i;

/** At most this many credential-checking fields per operation: aliases must not multiply guesses. */
export const MAX_CREDENTIAL_FIELDS = 1;

function takesCredentials(field: GraphQLField<unknown, unknown> | undefined): boolean {
  if (!field) return false;
  return field.args.some((arg) => {
    if (CREDENTIAL_ARGUMENT.test(arg.name)) return true;
    const type = getNamedType(arg.type);
    return isInputObjectType(type) && Object.keys(type.getFields()).some((name) => CREDENTIAL_ARGUMENT.test(name));
  });
}

/**
 * Validation rule: an operation may select at most one credential-checking root field, counted
 * through aliases, fragments and inline fragments, so that one request is at most one guess.
 */
export const credentialFieldsRule: ValidationRule = (context: ValidationContext) => {
  const schema = context.getSchema();
  const rootFields = (operation: 'query' | 'mutation' | 'subscription') =>
    (operation === 'query' ? schema.getQueryType() : operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType())?.getFields() ?? {};

  return {
    OperationDefinition(node) {
      const fields = rootFields(node.operation);
      const isCredentialField = (name: string) => CREDENTIAL_FIELD_NAMES.has(name) || takesCredentials(fields[name]);
      const found: string[] = [];
      const seenFragments = new Set<string>();
      const visit = (selectionSet: SelectionSetNode) => {
        for (const selection of selectionSet.selections) {
          if (selection.kind === Kind.FIELD) {
            if (isCredentialField(selection.name.value)) found.push(selection.name.value);
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            visit(selection.selectionSet);
          } else if (!seenFragments.has(selection.name.value)) {
            seenFragments.add(selection.name.value);
            const fragment = context.getFragment(selection.name.value);
            if (fragment) visit(fragment.selectionSet);
          }
        }
      };
      visit(node.selectionSet);
      if (found.length > MAX_CREDENTIAL_FIELDS) {
        context.reportError(
          new GraphQLError(
            `Credential field limit of ${MAX_CREDENTIAL_FIELDS} per operation exceeded, found ${found.length} ` +
              `(${[...new Set(found)].join(', ')}). Send one credential check per request.`,
            { nodes: [node] },
          ),
        );
      }
    },
  };
};
