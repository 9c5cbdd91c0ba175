import { createSecretKey, hkdfSync, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';
import { amrClaim, type SessionAuthentication } from '../sessions/authentication.js';
import { isUuid } from '../core/request-meta.js';

/**
 * Signing and verifying access and refresh tokens (JWT, HS256).
 *
 * Each kind has its own key, derived from JWT_SECRET with HKDF, and its own `typ` header, so a
 * refresh token can never pass as an access token or the reverse: the signature fails before
 * the type is even looked at. `verify` pins the algorithm, issuer and audience and requires
 * `exp`; nothing is ever trusted from an unverified `decode`.
 */

export type TokenKind = 'access' | 'refresh';

const ALGORITHM = 'HS256';
const TOKEN_TYPES: Record<TokenKind, string> = { access: 'at+jwt', refresh: 'rt+jwt' };

export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  /**
   * The absolute lifetime of a session from its login: refresh never extends a session past
   * it, and its refresh tokens never expire after it (SESSION_MAX_LIFETIME).
   */
  sessionMaxLifetimeSeconds: number;
  /** REFRESH_REUSE_INTERVAL: how long a just-rotated refresh token still gets its successor (0: never). Default 0. */
  refreshReuseIntervalSeconds?: number;
}

export interface TokenClaims {
  kind: TokenKind;
  userId: string;
  sessionId: string;
  tokenId: string;
  expiresAt: Date;
}

/** Whose token, for which session, and how that session was authenticated (the `amr`, `aal` and `auth_time` claims). */
export interface TokenSubject {
  userId: string;
  sessionId: string;
  authentication?: SessionAuthentication;
}

export interface SignedToken {
  token: string;
  tokenId: string;
  expiresAt: Date;
}

/**
 * A KeyObject, not a Buffer: given a Buffer, jsonwebtoken first tries to parse it as a PEM key
 * (createPublicKey / createPrivateKey) and only uses it as an HMAC secret after that throws, on
 * every sign and verify. The profile of the `me` load showed that failed parse as the single
 * biggest cost of a request (about 15% of the server's CPU); a secret KeyObject skips it.
 */
function deriveKey(secret: string, kind: TokenKind): KeyObject {
  return createSecretKey(Buffer.from(hkdfSync('sha256', secret, 'cloud-auth', `cloud-auth ${kind} token v1`, 32)));
}

/**
 * Access tokens already verified, by their exact text. A client sends the same access token on
 * every request of its lifetime, and jsonwebtoken's verify (split, base64, two JSON parses, the
 * HMAC, the claim checks) was about 8% of a `me` request in the bench's profile; a token that
 * verified once verifies again, byte for byte, so only its expiry is checked on a hit.
 * Revocation does not depend on this: the session is still read on every request. Bounded
 * (least recently used go first) so that memory stays small: a few MB at the bound.
 */
const VERIFIED_ACCESS_TOKENS = 5_000;

export class TokenService {
  private readonly keys: Record<TokenKind, KeyObject>;
  private readonly verifiedAccessTokens = new LRUCache<string, TokenClaims>({ max: VERIFIED_ACCESS_TOKENS });

  constructor(private readonly settings: TokenSettings) {
    this.keys = { access: deriveKey(settings.secret, 'access'), refresh: deriveKey(settings.secret, 'refresh') };
  }

  get accessTtlSeconds(): number {
    return this.settings.accessTtlSeconds;
  }

  get refreshTtlSeconds(): number {
    return this.settings.refreshTtlSeconds;
  }

  get sessionMaxLifetimeSeconds(): number {
    return this.settings.sessionMaxLifetimeSeconds;
  }

  get refreshReuseIntervalSeconds(): number {
    return this.settings.refreshReuseIntervalSeconds ?? 0;
  }

  /**
   * A signed token of `kind`, expiring after its kind's TTL, or at `expiresAt` when given (a
   * refresh token ends with its session; whole seconds, never later than `expiresAt`). With the
   * session's authentication, it carries `amr` (RFC 8176 values: authentication.ts), `aal` and
   * `auth_time` (OpenID Connect's, seconds since the epoch).
   */
  sign(
    kind: TokenKind,
    subject: TokenSubject,
    { tokenId = randomUUID(), expiresAt, issuedAt }: { tokenId?: string; expiresAt?: Date; issuedAt?: Date } = {},
  ): SignedToken {
    const ttl = kind === 'access' ? this.settings.accessTtlSeconds : this.settings.refreshTtlSeconds;
    // `exp` set here rather than with `expiresIn`, so that the expiry is known without decoding
    // the token again.
    const exp = expiresAt ? Math.floor(expiresAt.getTime() / 1000) : Math.floor(Date.now() / 1000) + ttl;
    // `iat` given: the token is byte for byte the one signed then (the same claims, in the same
    // order, with the same key), which is how a rotation's successor is handed out again.
    const iat = issuedAt ? { iat: Math.floor(issuedAt.getTime() / 1000) } : {};
    const authentication = subject.authentication;
    const claims = authentication
      ? {
          sid: subject.sessionId,
          exp,
          ...iat,
          amr: amrClaim(authentication.methods),
          aal: authentication.assuranceLevel,
          auth_time: Math.floor(authentication.authenticatedAt.getTime() / 1000),
        }
      : { sid: subject.sessionId, exp, ...iat };
    const token = jwt.sign(claims, this.keys[kind], {
      algorithm: ALGORITHM,
      header: { alg: ALGORITHM, typ: TOKEN_TYPES[kind] },
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      subject: subject.userId,
      jwtid: tokenId,
    });
    return { token, tokenId, expiresAt: new Date(exp * 1000) };
  }

  /** The verified claims, or null for anything wrong: signature, algorithm, type, issuer, audience, expiry. */
  verify(kind: TokenKind, token: string): TokenClaims | null {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return null;
    if (kind === 'access') {
      const known = this.verifiedAccessTokens.get(token);
      if (known) return known.expiresAt.getTime() > Date.now() ? known : null;
    }
    const claims = this.verifySignatureAndClaims(kind, token);
    if (claims && kind === 'access') this.verifiedAccessTokens.set(token, claims);
    return claims;
  }

  private verifySignatureAndClaims(kind: TokenKind, token: string): TokenClaims | null {
    try {
      const { header, payload } = jwt.verify(token, this.keys[kind], {
        algorithms: [ALGORITHM],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        complete: true,
      });
      if (header.typ !== TOKEN_TYPES[kind] || typeof payload === 'string') return null;
      const { sub, sid, jti, exp } = payload;
      if (typeof sub !== 'string' || typeof sid !== 'string' || typeof jti !== 'string' || typeof exp !== 'number') {
        return null;
      }
      // Ids go straight into uuid-column queries, which PostgreSQL rejects when malformed.
      if (!isUuid(sub) || !isUuid(sid)) return null;
      return { kind, userId: sub, sessionId: sid, tokenId: jti, expiresAt: new Date(exp * 1000) };
    } catch {
      return null;
    }
  }
}
