// The baseline: a bare Apollo Server 5 with one `hello` query, on the same Express 5
// integration and JSON body parser as the real server, so that the ratio measures what
// cloud-auth adds (context, permissions, tokens, database), not a different HTTP stack.
'use strict';

const { createServer } = require('node:http');
const { ApolloServer } = require('@apollo/server');
const { ApolloServerPluginLandingPageDisabled } = require('@apollo/server/plugin/disabled');
const { expressMiddleware } = require('@as-integrations/express5');
const express = require('express');

async function main() {
  const apollo = new ApolloServer({
    typeDefs: 'type Query { hello: String! }',
    resolvers: { Query: { hello: () => 'world' } },
    introspection: false,
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  app.use('/graphql', express.json({ limit: '100kb' }), expressMiddleware(apollo));
  const server = createServer(app);
  server.listen(Number(process.env.PORT), process.env.HOST || '127.0.0.1');
  process.on('SIGTERM', () => {
    server.close();
    apollo.stop().then(() => process.exit(0));
  });
}

main().catch((error) => {
  process.stderr.write(`apollo-hello failed: ${error.stack || error}\n`);
  process.exit(1);
});
