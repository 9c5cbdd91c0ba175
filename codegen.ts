import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for Apollo Client, generated from the committed schema.graphql and the
 * operations written with `graphql(...)` in the tests: a schema change that breaks a client
 * operation breaks the type check.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['tests/**/*.ts', '!tests/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'tests/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTimeISO: 'string', ID: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false },
      },
    },
  },
};

export default config;
