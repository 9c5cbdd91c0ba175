#!/usr/bin/env node
// A supergraph of cloud-auth (SUBGRAPH=true) and the demo orders subgraph, served by
// @apollo/gateway (README: "cloud-auth in a supergraph").
//
//   SUBGRAPH=true PORT=4000 npm start                              # cloud-auth
//   PORT=4002 node examples/supergraph/orders-subgraph.mjs          # orders
//   PORT=4001 node examples/supergraph/gateway.mjs                  # the gateway
//
//   curl -s http://127.0.0.1:4001/ -H 'content-type: application/json' \
//     -H "authorization: Bearer $ACCESS_TOKEN" -d '{"query":"{ me { username orders { id } } }"}'
//
// CLOUD_AUTH_URL and ORDERS_URL name the subgraphs (defaults: the ports above).
import { pathToFileURL } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from '@apollo/gateway';

/**
 * Forwards the caller's `Authorization` header to every subgraph: cloud-auth checks the bearer
 * token as it does for any client (and answers `me` with UNAUTHENTICATED without one), and the
 * other subgraphs can verify the same token.
 */
class AuthorizationForwarding extends RemoteGraphQLDataSource {
  willSendRequest({ request, context }) {
    if (context.authorization) request.http.headers.set('authorization', context.authorization);
  }
}

/**
 * IntrospectAndCompose asks each subgraph for `_service { sdl }` at start and composes them
 * (cloud-auth serves it where GRAPHQL_INTROSPECTION is on). In production, compose once with
 * `rover supergraph compose` from cloud-auth's subgraph.graphql and give the gateway (or Apollo
 * Router) the resulting supergraph SDL instead.
 */
export async function startGateway({
  cloudAuthUrl = 'http://127.0.0.1:4000/graphql',
  ordersUrl = 'http://127.0.0.1:4002/',
  port = 4001,
  host = '127.0.0.1',
} = {}) {
  const gateway = new ApolloGateway({
    supergraphSdl: new IntrospectAndCompose({
      subgraphs: [
        { name: 'auth', url: cloudAuthUrl },
        { name: 'orders', url: ordersUrl },
      ],
    }),
    buildService: ({ url }) => new AuthorizationForwarding({ url }),
  });
  const server = new ApolloServer({ gateway, includeStacktraceInErrorResponses: false });
  const { url } = await startStandaloneServer(server, {
    listen: { port, host },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  return { url, stop: () => server.stop() };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url } = await startGateway({
    cloudAuthUrl: process.env.CLOUD_AUTH_URL,
    ordersUrl: process.env.ORDERS_URL,
    port: Number(process.env.PORT ?? 4001),
    host: process.env.HOST ?? '127.0.0.1',
  });
  console.log(JSON.stringify({ msg: 'gateway ready', url }));
}
