#!/usr/bin/env node
// The bench's peer: a Better Auth server (the TypeScript auth framework users compare us with)
// in a process of its own, on a SQLite file of its own, so that its `get-session` can be measured
// beside our `me` on the same machine. Started by bench/better-auth-peer.js with
//   PORT                    where to listen (127.0.0.1)
//   BETTER_AUTH_DB          the SQLite file (created, tables migrated at start)
//   BETTER_AUTH_SECRET      a fixed secret (Better Auth signs its session cookie with it)
//
// Settings kept honest beside ours: its session cookie cache is OFF (our session check is never
// cached: every `me` reads the session), its rate limit is off (ours is off in the bench too),
// telemetry off, NODE_ENV=production (set by the caller). Everything else is Better Auth's default.
'use strict';

const { createServer } = require('node:http');
const Database = require('better-sqlite3');
const { exitOnSigterm } = require('./lib.js');

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
}

function authOptions({ database, baseURL, secret }) {
  return {
    database,
    baseURL,
    secret,
    emailAndPassword: { enabled: true },
    // Off: with it on, get-session answers from a signed cookie without reading the session
    // table, which is not the check our `me` makes.
    session: { cookieCache: { enabled: false } },
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
  };
}

/** Creates Better Auth's tables (user, session, account, verification) in the fresh file. */
async function migrate(options) {
  const { getMigrations } = await import('better-auth/db/migration');
  const { runMigrations } = await getMigrations(options);
  await runMigrations();
}

/** GET /healthz answers 200 (for lib.js's startNodeProcess); everything else is Better Auth's. */
function serve(authHandler, port) {
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/healthz') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    authHandler(request, response).catch((error) => {
      process.stderr.write(`${error.stack ?? error}\n`);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

async function main() {
  const port = Number(requiredEnv('PORT'));
  const database = new Database(requiredEnv('BETTER_AUTH_DB'));
  const options = authOptions({
    database,
    baseURL: `http://127.0.0.1:${port}`,
    secret: requiredEnv('BETTER_AUTH_SECRET'),
  });
  await migrate(options);
  const { betterAuth } = await import('better-auth');
  const { toNodeHandler } = await import('better-auth/node');
  const server = await serve(toNodeHandler(betterAuth(options)), port);
  exitOnSigterm(server, () => database.close());
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
