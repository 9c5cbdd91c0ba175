import { Router, type Request, type Response } from 'express';
import { JWKS_MAX_AGE_SECONDS, type KeyRing } from '../keys/index.js';

export interface WellKnownSettings {
  /** Undefined with HS256: the set is empty. */
  ring: KeyRing | undefined;
  /** The `iss` of the tokens (JWT_ISSUER). */
  issuer: string;
  /** PUBLIC_URL, or where this server listens (known once it does). */
  publicUrl: () => string;
}

/** The claims access tokens carry, for the discovery document. */
const CLAIMS = ['sub', 'sid', 'iss', 'aud', 'exp', 'iat', 'jti', 'role', 'amr', 'aal', 'auth_time'];

/**
 * GET /.well-known/jwks.json and /.well-known/openid-configuration: public documents, the same
 * for every caller, so their answers ignore Accept, cookies, query strings and the rest. HEAD
 * gets the headers; OPTIONS (a browser's preflight) the methods; any other method 405, in the
 * JSON error shape of every other route.
 */
export function wellKnownRoutes(settings: WellKnownSettings): Router {
  const router = Router();
  const serve = (body: () => unknown) => (req: Request, res: Response) => {
    // Readable from any origin: a public key set is meant to be fetched by anyone.
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'GET, HEAD');
      res.setHeader('allow', 'GET, HEAD, OPTIONS');
      res.status(204).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD, OPTIONS');
      res.status(405).json({ errors: [{ message: 'Method not allowed: use GET.', extensions: { code: 'METHOD_NOT_ALLOWED' } }] });
      return;
    }
    res.setHeader('cache-control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`);
    res.json(body());
  };
  router.all(
    '/.well-known/jwks.json',
    serve(() => ({ keys: settings.ring?.publishedKeys() ?? [] })),
  );
  router.all(
    '/.well-known/openid-configuration',
    serve(() => ({
      issuer: settings.issuer,
      jwks_uri: `${settings.publicUrl()}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: settings.ring?.algorithms() ?? ['HS256'],
      subject_types_supported: ['public'],
      claims_supported: CLAIMS,
    })),
  );
  return router;
}
