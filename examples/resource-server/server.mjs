// A resource server that trusts cloud-auth's access tokens without holding any secret of it:
// GraphQL Yoga with its JWT plugin, checking each token against cloud-auth's published JWK Set
// (issuer, audience and algorithm pinned). It serves a small notes API of its own; nothing here
// talks to cloud-auth except to fetch /.well-known/jwks.json.
//
//   CLOUD_AUTH_URL=http://127.0.0.1:4000 PORT=4100 node examples/resource-server/server.mjs
//
// CLOUD_AUTH_URL  where cloud-auth serves (its /.well-known/jwks.json is read from there)
// JWT_ISSUER      the `iss` cloud-auth puts in its tokens (its JWT_ISSUER, default cloud-auth)
// JWT_AUDIENCE    the `aud` to accept (cloud-auth's JWT_AUDIENCE, default cloud-auth)
// JWT_ALGORITHM   the one algorithm accepted (cloud-auth's JWT_ALGORITHM: ES256 or RS256)
// JWKS_CACHE_MS   how long a fetched key is trusted before the set is read again (default 10
//                 minutes, jwks-rsa's default): a key cloud-auth revokes is refused after that
// PORT / HOST     where this server listens (default 4100 on 127.0.0.1; 0 picks a free port)
import { createServer } from 'node:http';
import { createRemoteJwksSigningKeyProvider, extractFromHeader, useJWT } from '@graphql-yoga/plugin-jwt';
import { GraphQLError } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';

const authUrl = (process.env.CLOUD_AUTH_URL ?? 'http://127.0.0.1:4000').replace(/\/$/, '');
const issuer = process.env.JWT_ISSUER ?? 'cloud-auth';
const audience = process.env.JWT_AUDIENCE ?? 'cloud-auth';
const algorithm = process.env.JWT_ALGORITHM ?? 'ES256';
const jwksCacheMs = Number(process.env.JWKS_CACHE_MS ?? 600_000);

/** The notes of each user, by the token's `sub`: this service's own data. */
const notesByUser = new Map();

/** The verified claims, or an UNAUTHENTICATED error for a request without a token. */
function caller(context) {
  const claims = context.jwt?.payload;
  if (!claims) throw new GraphQLError('Sign in with cloud-auth first', { extensions: { code: 'UNAUTHENTICATED' } });
  return claims;
}

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    type Query {
      "Who the token says is calling."
      viewer: Viewer!
      notes: [Note!]!
    }
    type Mutation {
      addNote(text: String!): Note!
    }
    type Viewer {
      id: ID!
      role: String!
      sessionId: ID!
      "RFC 8176 method names of the session's sign-in (amr)."
      authMethods: [String!]!
      assuranceLevel: Int!
    }
    type Note {
      id: ID!
      text: String!
    }
  `,
  resolvers: {
    Query: {
      viewer: (_root, _args, context) => {
        const claims = caller(context);
        return {
          id: claims.sub,
          role: claims.role,
          sessionId: claims.sid,
          authMethods: claims.amr ?? [],
          assuranceLevel: claims.aal ?? 1,
        };
      },
      notes: (_root, _args, context) => notesByUser.get(caller(context).sub) ?? [],
    },
    Mutation: {
      addNote: (_root, { text }, context) => {
        const { sub } = caller(context);
        const notes = notesByUser.get(sub) ?? [];
        const note = { id: String(notes.length + 1), text: String(text).slice(0, 500) };
        notesByUser.set(sub, [...notes, note]);
        return note;
      },
    },
  },
});

const yoga = createYoga({
  schema,
  graphiql: false,
  plugins: [
    useJWT({
      signingKeyProviders: [
        createRemoteJwksSigningKeyProvider({
          jwksUri: `${authUrl}/.well-known/jwks.json`,
          cache: true,
          cacheMaxAge: jwksCacheMs,
          timeout: 5_000,
        }),
      ],
      tokenLookupLocations: [extractFromHeader({ name: 'authorization', prefix: 'Bearer' })],
      tokenVerification: { issuer, audience, algorithms: [algorithm] },
      // No token: the request runs and `caller` refuses what needs one. A bad token: refused.
      reject: { missingToken: false, invalidToken: true },
    }),
  ],
});

const server = createServer(yoga);
server.listen(Number(process.env.PORT ?? 4100), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address();
  // One JSON line, read by whoever started this process (the tests do).
  console.log(JSON.stringify({ msg: 'resource server listening', url: `http://${address}:${port}/graphql` }));
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
