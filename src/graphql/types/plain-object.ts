/**
 * Options for every object type of the schema: they are plain data objects whose fields are
 * read as properties. By default type-graphql wraps each field in a resolver of its own (for
 * middlewares and auth checks, which this schema does not use: permissions are graphql-shield's);
 * without it graphql-js reads the property directly. The bench's `me` returns seven such fields.
 */
export const PLAIN_OBJECT = { simpleResolvers: true } as const;
