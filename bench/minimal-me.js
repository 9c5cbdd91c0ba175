// The physical limit of `me`: a server that does only the least work a `me` needs, started by
// bench/run.js as a child process and driven by the same load generator (bench/load.js, the `me`
// job kind) as cloud-auth. Per request: Node's HTTP server, read and parse the JSON body, verify
// the bearer token with jsonwebtoken (algorithm pinned, type, issuer, audience, expiry: what any
// real check must do), ONE prepared primary-key read of the session joined to its user
// (better-sqlite3, read-only, on the very SQLite file the bench's cloud-auth serves), check the
// session is live and the account active, and answer the fields of load.js's ME query as JSON.
// No GraphQL, no framework, no headers beyond the two a JSON answer needs: cloud-auth's `me` over
// this is what everything it adds costs.
//
// MINIMAL_ME_DB                the SQLite file (cloud-auth has created and seeded it; WAL lets both read)
// MINIMAL_ME_ALGORITHM         HS256 (the key derived from JWT_SECRET, as src/tokens/tokens.ts does)
//                              or ES256 (the public keys of MINIMAL_ME_JWKS_URL, by `kid`)
// MINIMAL_ME_JWKS_URL          cloud-auth's /.well-known/jwks.json, fetched once at start (ES256)
// MINIMAL_ME_VERIFIED_CACHE    `warm` (default): verified tokens cached by their text, like cloud-auth;
//                              `none`: one signature verification on every request
// JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE (both default cloud-auth), PORT, HOST
'use strict';

const { createPublicKey, createSecretKey, hkdfSync } = require('node:crypto');
const { createServer } = require('node:http');
const Database = require('better-sqlite3');
const jwt = require('jsonwebtoken');
const { exitOnSigterm } = require('./lib.js');

const ACCESS_TOKEN_TYPE = 'at+jwt';
/** A request body larger than this is not a `me` query. */
const MAX_BODY_BYTES = 64 * 1024;
/** cloud-auth's verified-token cache holds as many (VERIFIED_ACCESS_TOKENS in src/tokens/tokens.ts). */
const VERIFIED_TOKENS = 5_000;

const UNAUTHENTICATED = JSON.stringify({
  errors: [{ message: 'Authentication required.', path: ['me'], extensions: { code: 'UNAUTHENTICATED' } }],
  data: null,
});

// ---------------------------------------------------------------------------------------------
// Keys

/** HS256: the access-token key cloud-auth derives from JWT_SECRET (deriveKey in src/tokens/tokens.ts). */
function hmacAccessKey(secret) {
  return createSecretKey(Buffer.from(hkdfSync('sha256', secret, 'cloud-auth', 'cloud-auth access token v1', 32)));
}

/** ES256: cloud-auth's published public keys by `kid`, each a KeyObject made from its JWK. */
async function publishedKeys(jwksUrl) {
  const response = await fetch(jwksUrl, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${jwksUrl}: ${response.status}`);
  const { keys } = await response.json();
  const byKid = new Map();
  for (const jwk of keys) {
    if (jwk.alg === 'ES256') byKid.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
  }
  if (byKid.size === 0) throw new Error(`${jwksUrl} publishes no ES256 key`);
  return byKid;
}

/** The `kid` of a JWT's header, unverified: it only picks the key, the signature then decides. */
function unverifiedKid(token) {
  const end = token.indexOf('.');
  if (end <= 0 || end > 512) return undefined;
  try {
    return JSON.parse(Buffer.from(token.slice(0, end), 'base64url').toString('utf8')).kid;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Token verification

/**
 * verify(token) -> {userId, sessionId, expiresAtMs} or null: the signature with the one pinned
 * algorithm, the token type, issuer, audience and expiry (jsonwebtoken checks `exp` when present;
 * a token without one is refused here), and the claims the session read needs.
 */
function tokenVerifier({ algorithm, hmacKey, esKeys, issuer, audience }) {
  const keyFor = (token) => {
    if (algorithm === 'HS256') return { key: hmacKey, kid: undefined };
    const kid = unverifiedKid(token);
    const key = typeof kid === 'string' ? esKeys.get(kid) : undefined;
    return key ? { key, kid } : null;
  };
  return (token) => {
    const chosen = keyFor(token);
    if (!chosen) return null;
    try {
      const { header, payload } = jwt.verify(token, chosen.key, { algorithms: [algorithm], issuer, audience, complete: true });
      if (header.typ !== ACCESS_TOKEN_TYPE || header.kid !== chosen.kid) return null;
      const { sub, sid, exp } = payload;
      if (typeof sub !== 'string' || typeof sid !== 'string' || typeof exp !== 'number') return null;
      return { userId: sub, sessionId: sid, expiresAtMs: exp * 1000, kid: chosen.kid };
    } catch {
      return null;
    }
  };
}

/**
 * Warm mode: like with like. cloud-auth caches verified access tokens by their exact text (an LRU
 * of 5,000, src/tokens/tokens.ts) and on a hit checks only the expiry and that the key is still
 * known, so a limit that verified every request's signature again would measure ECDSA, not what
 * cloud-auth adds. Here: a Map of the same bound (oldest entry out first), the same two checks on
 * a hit. Cold mode (`none`) has no cache at all: the limit for one signature verification per
 * request, set against cloud-auth's `me` with a new token each request (its cache always misses).
 */
function withVerifiedCache(verify, esKeys) {
  const verified = new Map();
  const keyKnown = (claims) => claims.kid === undefined || esKeys.has(claims.kid);
  return (token) => {
    const known = verified.get(token);
    if (known) return known.expiresAtMs > Date.now() && keyKnown(known) ? known : null;
    const claims = verify(token);
    if (!claims) return null;
    if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value);
    verified.set(token, claims);
    return claims;
  };
}

// ---------------------------------------------------------------------------------------------
// The session read

/**
 * session(sessionId) -> the row or undefined: ONE prepared statement, by primary key, the
 * session joined to its user (cloud-auth's liveness read, src/db/stores/session-store.ts). Dates
 * are epoch milliseconds in cloud-auth's SQLite file (src/db/row-values.ts).
 */
function sessionReader(path) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const statement = db.prepare(
    'select s.user_id as userId, s.revoked_at as revokedAt, s.expires_at as expiresAt, u.username, u.email, u.role, ' +
      'u.is_active as isActive, u.date_joined as dateJoined, u.last_login as lastLogin ' +
      'from sessions s join users u on u.id = s.user_id where s.id = ?',
  );
  return { get: (sessionId) => statement.get(sessionId), close: () => db.close() };
}

/** The session lets this token in: live (not revoked, not expired), the token's user's, the account active. */
const admits = (row, userId, now) =>
  row !== undefined && row.revokedAt === null && Number(row.expiresAt) > now && row.userId === userId && Boolean(row.isActive);

const isoDate = (value) => (value === null || value === undefined ? null : new Date(Number(value)).toISOString());

function meAnswer(row) {
  return JSON.stringify({
    data: {
      me: {
        id: row.userId,
        username: row.username,
        email: row.email,
        role: row.role,
        isActive: Boolean(row.isActive),
        dateJoined: isoDate(row.dateJoined),
        lastLogin: isoDate(row.lastLogin),
      },
    },
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The whole body, or null when it is larger than a `me` query can be. */
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks).toString('utf8') : null));
    req.on('error', reject);
  });
}

/** The JSON body's query: parsed, as a GraphQL server must, but only `me` is answered (this is no GraphQL server). */
function parsedQuery(text) {
  try {
    const body = JSON.parse(text);
    return typeof body?.query === 'string' ? body.query : null;
  } catch {
    return null;
  }
}

function bearerToken(header) {
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return null;
  const token = header.slice(7);
  return token.length > 0 && token.length <= 4096 ? token : null;
}

function meHandler({ verify, sessions }) {
  return async (req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') return send(res, 200, '{"status":"ok"}');
    if (req.method !== 'POST') return send(res, 405, '{"errors":[{"message":"Use POST."}]}');
    const text = await readBody(req);
    if (text === null || parsedQuery(text) === null) return send(res, 400, '{"errors":[{"message":"Bad request."}]}');
    const token = bearerToken(req.headers.authorization);
    const claims = token === null ? null : verify(token);
    const row = claims ? sessions.get(claims.sessionId) : undefined;
    if (!claims || !admits(row, claims.userId, Date.now())) return send(res, 200, UNAUTHENTICATED);
    send(res, 200, meAnswer(row));
  };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const algorithm = process.env.MINIMAL_ME_ALGORITHM || 'HS256';
  if (algorithm !== 'HS256' && algorithm !== 'ES256') throw new Error(`MINIMAL_ME_ALGORITHM must be HS256 or ES256, got ${algorithm}`);
  const cache = process.env.MINIMAL_ME_VERIFIED_CACHE || 'warm';
  if (cache !== 'warm' && cache !== 'none') throw new Error(`MINIMAL_ME_VERIFIED_CACHE must be warm or none, got ${cache}`);
  const esKeys = algorithm === 'ES256' ? await publishedKeys(process.env.MINIMAL_ME_JWKS_URL) : new Map();
  const verifyOnce = tokenVerifier({
    algorithm,
    hmacKey: algorithm === 'HS256' ? hmacAccessKey(process.env.JWT_SECRET) : undefined,
    esKeys,
    issuer: process.env.JWT_ISSUER || 'cloud-auth',
    audience: process.env.JWT_AUDIENCE || 'cloud-auth',
  });
  const verify = cache === 'warm' ? withVerifiedCache(verifyOnce, esKeys) : verifyOnce;
  const sessions = sessionReader(process.env.MINIMAL_ME_DB);
  const handle = meHandler({ verify, sessions });
  const server = createServer((req, res) => handle(req, res).catch(() => send(res, 500, '{"errors":[{"message":"Internal error."}]}')));
  server.listen(Number(process.env.PORT), process.env.HOST || '127.0.0.1');
  exitOnSigterm(server, () => sessions.close());
}

main().catch((error) => {
  process.stderr.write(`minimal-me failed: ${error.stack || error}\n`);
  process.exit(1);
});
