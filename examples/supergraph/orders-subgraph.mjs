#!/usr/bin/env node
// A demo `orders` subgraph for cloud-auth's supergraph example (README: "cloud-auth in a
// supergraph"). It owns Order and adds `orders` to cloud-auth's User entity: the gateway asks
// cloud-auth for the user, then this subgraph for that user's orders, by the user's id.
//
//   PORT=4002 node examples/supergraph/orders-subgraph.mjs
//
// Its orders are made up from the user's id (two per user), so that the demo needs no database.
// A real orders service would also check the caller's token, which the gateway forwards to every
// subgraph, and return only the caller's own orders; and no subgraph is reachable but through the
// gateway.
import { pathToFileURL } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  "An order placed by a user."
  type Order {
    "The order's id."
    id: ID!
    "The total, in cents."
    totalCents: Int!
  }

  "cloud-auth's account, extended here with its orders."
  type User @key(fields: "id") {
    "The account's id: the key cloud-auth and this subgraph share."
    id: ID!
    "The user's orders, newest first."
    orders: [Order!]!
  }
`);

/** The demo's orders of a user: derived from the id, the same on every call. */
export function ordersOf(userId) {
  return [
    { id: `${userId}:order-2`, totalCents: 2599 },
    { id: `${userId}:order-1`, totalCents: 1250 },
  ];
}

const resolvers = {
  User: {
    // The gateway sends { __typename: "User", id }; this subgraph only needs the id.
    __resolveReference: (reference) => ({ id: reference.id }),
    orders: (user) => ordersOf(user.id),
  },
};

export async function startOrdersSubgraph({ port = 4002, host = '127.0.0.1' } = {}) {
  const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs, resolvers }), includeStacktraceInErrorResponses: false });
  const { url } = await startStandaloneServer(server, { listen: { port, host } });
  return { url, stop: () => server.stop() };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url } = await startOrdersSubgraph({ port: Number(process.env.PORT ?? 4002), host: process.env.HOST ?? '127.0.0.1' });
  // One JSON line, like cloud-auth's own logs: scripts (and the test) read the url from it.
  console.log(JSON.stringify({ msg: 'orders subgraph ready', url }));
}
