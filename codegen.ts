import type { CodegenConfig } from '@graphql-codegen/cli';

/** One shape of generated types for every client: plain strings for scalars, unions for enums. */
const clientPreset = {
  preset: 'client',
  presetConfig: { fragmentMasking: false },
  config: {
    scalars: { DateTimeISO: 'string', ID: 'string' },
    enumsAsTypes: true,
    useTypeImports: true,
    avoidOptionals: { field: true, inputValue: false },
  },
} as const;

/**
 * Typed documents for Apollo Client, generated from the committed schema.graphql and the
 * operations written with `graphql(...)` in the tests and in the example web app: a schema change
 * that breaks a client operation breaks the type check. `npm run codegen -- --check` fails when
 * the generated code is stale (a test runs it).
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    'tests/gql/': {
      ...clientPreset,
      documents: ['tests/**/*.ts', '!tests/gql/**'],
    },
    'examples/web/src/gql/': {
      ...clientPreset,
      documents: ['examples/web/src/**/*.ts', '!examples/web/src/gql/**'],
    },
  },
};

export default config;
