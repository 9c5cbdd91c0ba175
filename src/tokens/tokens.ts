import { createSecretKey, hkdfSync, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';
import type { AsymmetricAlgorithm, SigningAlgorithm } from '../config/index.js';
import type { Role } from '../db/entities/index.js';
import { amrClaim, type SessionAuthentication } from '../sessions/authentication.js';
import { isUuid } from '../core/request-meta.js';

/**
 * Signing and verifying access and refresh tokens (JWT).
 *
 * Access tokens: with JWT_ALGORITHM=ES256 (default) or RS256, signed by the CURRENT key of the
 * signing-key ring (src/keys/) with its `kid` in the header, so that other services verify them
 * from /.well-known/jwks.json; with HS256, by a key derived from JWT_SECRET. Refresh tokens are
 * only ever read here and stay HS256 with a key of their own.
 *
 * Each kind has its own key and its own `typ` header, so a refresh token can never pass as an
 * access token or the reverse: the signature fails before the type is even looked at. `verify`
 * pins the algorithm (the configured HMAC, or the algorithm of the key the `kid` names: an
 * HS256 token never verifies under ES256, nor the reverse), issuer and audience and requires
 * `exp`. The only thing read before the signature is checked is the header's `kid`, to pick
 * the key; nothing else is trusted from an unverified `decode`.
 */

export type TokenKind = 'access' | 'refresh';

const HMAC = 'HS256';
const TOKEN_TYPES: Record<TokenKind, string> = { access: 'at+jwt', refresh: 'rt+jwt' };
/** A header is a few dozen bytes; anything much longer is not ours. */
const MAX_HEADER_LENGTH = 512;

/** The asymmetric keys of access tokens (src/keys/key-ring.ts implements it). */
export interface AccessTokenKeys {
  /** The key to sign with now (CURRENT). */
  signing(): { kid: string; algorithm: AsymmetricAlgorithm; privateKey: KeyObject };
  /** The public key named `kid` while it verifies (STANDBY, CURRENT, PREVIOUS); undefined when unknown or REVOKED. */
  verifying(kid: string): { algorithm: AsymmetricAlgorithm; publicKey: KeyObject } | undefined;
}

export interface TokenSettings {
  secret: string;
  /** JWT_ALGORITHM of access tokens; HS256 when not given. ES256 and RS256 need the key ring. */
  algorithm?: SigningAlgorithm;
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
  /** The `kid` of the key that signed an asymmetric access token: a cached verification is only good while that key is. */
  keyId?: string;
}

/** Whose token, for which session, and how that session was authenticated (the `amr`, `aal` and `auth_time` claims). */
export interface TokenSubject {
  userId: string;
  sessionId: string;
  authentication?: SessionAuthentication;
  /** The account's role when the token is signed (the `role` claim of access tokens, for resource servers). */
  role?: Role;
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
 * HMAC, the claim checks) was about 8% of a `me` request in the bench's profile, and an ES256
 * verification costs several times an HMAC; a token that verified once verifies again, byte for
 * byte, so only its expiry is checked on a hit, and that its key is still in the ring (a Map
 * lookup), so that revoking a key kills its tokens at once. Session revocation does not depend
 * on this: the session is still read on every request. Bounded
 * (least recently used go first) so that memory stays small: a few MB at the bound.
 */
const VERIFIED_ACCESS_TOKENS = 5_000;

export class TokenService {
  private readonly keys: Record<TokenKind, KeyObject>;
  private readonly verifiedAccessTokens = new LRUCache<string, TokenClaims>({ max: VERIFIED_ACCESS_TOKENS });

  private readonly asymmetric: boolean;

  constructor(
    private readonly settings: TokenSettings,
    /** Required for ES256 and RS256: the signing-key ring. */
    private readonly accessKeys?: AccessTokenKeys,
  ) {
    this.keys = { access: deriveKey(settings.secret, 'access'), refresh: deriveKey(settings.secret, 'refresh') };
    this.asymmetric = (settings.algorithm ?? HMAC) !== HMAC;
  }

  /** The algorithm of access tokens (JWT_ALGORITHM). */
  get algorithm(): SigningAlgorithm {
    return this.settings.algorithm ?? HMAC;
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
    // The role is for resource servers deciding on their own; cloud-auth itself reads the role
    // stored now on every request (permissions.ts), never this claim. Refresh tokens need none.
    const role = kind === 'access' && subject.role ? { role: subject.role } : {};
    const claims = authentication
      ? {
          sid: subject.sessionId,
          exp,
          ...iat,
          ...role,
          amr: amrClaim(authentication.methods),
          aal: authentication.assuranceLevel,
          auth_time: Math.floor(authentication.authenticatedAt.getTime() / 1000),
        }
      : { sid: subject.sessionId, exp, ...iat, ...role };
    const { key, algorithm, header } = this.signingKey(kind);
    const token = jwt.sign(claims, key, {
      algorithm,
      header,
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      subject: subject.userId,
      jwtid: tokenId,
    });
    return { token, tokenId, expiresAt: new Date(exp * 1000) };
  }

  /** The key, algorithm and header a new token of `kind` is signed with. */
  private signingKey(kind: TokenKind): { key: KeyObject; algorithm: jwt.Algorithm; header: jwt.JwtHeader } {
    if (kind === 'access' && this.asymmetric) {
      if (!this.accessKeys) throw new Error(`JWT_ALGORITHM=${this.algorithm} signs with the key ring, which was not given`);
      const { kid, algorithm, privateKey } = this.accessKeys.signing();
      return { key: privateKey, algorithm, header: { alg: algorithm, kid, typ: TOKEN_TYPES[kind] } };
    }
    return { key: this.keys[kind], algorithm: HMAC, header: { alg: HMAC, typ: TOKEN_TYPES[kind] } };
  }

  /** The verified claims, or null for anything wrong: signature, algorithm, key, type, issuer, audience, expiry. */
  verify(kind: TokenKind, token: string): TokenClaims | null {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return null;
    if (kind === 'access') {
      const known = this.verifiedAccessTokens.get(token);
      if (known) return known.expiresAt.getTime() > Date.now() && this.keyStillVerifies(known) ? known : null;
    }
    const claims = this.verifySignatureAndClaims(kind, token);
    if (claims && kind === 'access') this.verifiedAccessTokens.set(token, claims);
    return claims;
  }

  /** A revoked key leaves the ring: what it signed fails from then on, even when verified before. */
  private keyStillVerifies(claims: TokenClaims): boolean {
    return claims.keyId === undefined || this.accessKeys?.verifying(claims.keyId) !== undefined;
  }

  /**
   * The key that verifies `token` and its one algorithm: for asymmetric access tokens, the ring's
   * key named by the header's `kid` (read unverified, only to pick the key; the signature then
   * decides), else the HMAC key of `kind`.
   */
  private verificationKey(kind: TokenKind, token: string): { key: KeyObject; algorithm: jwt.Algorithm; kid?: string } | null {
    if (kind !== 'access' || !this.asymmetric) return { key: this.keys[kind], algorithm: HMAC };
    const kid = unverifiedKid(token);
    const key = kid === undefined ? undefined : this.accessKeys?.verifying(kid);
    return key ? { key: key.publicKey, algorithm: key.algorithm, kid } : null;
  }

  private verifySignatureAndClaims(kind: TokenKind, token: string): TokenClaims | null {
    const verification = this.verificationKey(kind, token);
    if (!verification) return null;
    try {
      const { header, payload } = jwt.verify(token, verification.key, {
        algorithms: [verification.algorithm],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        complete: true,
      });
      if (header.typ !== TOKEN_TYPES[kind] || header.kid !== verification.kid || typeof payload === 'string') return null;
      const { sub, sid, jti, exp } = payload;
      if (typeof sub !== 'string' || typeof sid !== 'string' || typeof jti !== 'string' || typeof exp !== 'number') {
        return null;
      }
      // Ids go straight into uuid-column queries, which PostgreSQL rejects when malformed.
      if (!isUuid(sub) || !isUuid(sid)) return null;
      const claims: TokenClaims = { kind, userId: sub, sessionId: sid, tokenId: jti, expiresAt: new Date(exp * 1000) };
      if (verification.kid !== undefined) claims.keyId = verification.kid;
      return claims;
    } catch {
      return null;
    }
  }
}

/** The `kid` of a JWT's header, unverified (it only picks the key); undefined when there is none or the header is not JSON. */
function unverifiedKid(token: string): string | undefined {
  const end = token.indexOf('.');
  if (end <= 0 || end > MAX_HEADER_LENGTH) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(token.slice(0, end), 'base64url').toString('utf8'));
    const kid = typeof header === 'object' && header !== null ? (header as { kid?: unknown }).kid : undefined;
    return typeof kid === 'string' && kid.length > 0 && kid.length <= 64 ? kid : undefined;
  } catch {
    return undefined;
  }
}
