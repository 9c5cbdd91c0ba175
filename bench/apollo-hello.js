// The baseline: a bare Apollo Server 5 with one `hello` query on Apollo's own standalone server
// (Node's HTTP server, cors, body-parser's JSON parser), the barest way Apollo Server 5 serves.
// cloud-auth serves /graphql the same way (src/http/graphql-route.ts), so the ratio measures
// what cloud-auth adds (headers, guards, context, permissions, tokens, database), not a
// different HTTP stack.
'use strict';

const { ApolloServer } = require('@apollo/server');
const { ApolloServerPluginLandingPageDisabled } = require('@apollo/server/plugin/disabled');
const { startStandaloneServer } = require('@apollo/server/standalone');

async function main() {
  const apollo = new ApolloServer({
    typeDefs: 'type Query { hello: String! }',
    resolvers: { Query: { hello: () => 'world' } },
    introspection: false,
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await startStandaloneServer(apollo, { listen: { port: Number(process.env.PORT), host: process.env.HOST || '127.0.0.1' } });
  process.on('SIGTERM', () => apollo.stop().then(() => process.exit(0)));
}

main().catch((error) => {
  process.stderr.write(`apollo-hello failed: ${error.stack || error}\n`);
  process.exit(1);
});
