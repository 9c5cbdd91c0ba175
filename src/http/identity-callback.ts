import { Router, type Request, type Response } from 'express';
import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from '../logger.js';
import type { RateLimits } from '../limits/rate-limit.js';
import { AppError } from '../errors.js';
import type { RequestMeta } from '../core/request-meta.js';
import type { IdentityFlows } from '../providers/index.js';

export interface IdentityCallbackSettings {
  flows: IdentityFlows;
  rateLimits: RateLimits;
  /** A fork of the ORM's EntityManager per request. */
  em: () => EntityManager;
  meta: (req: Request) => RequestMeta;
  logger: Logger;
}

/** The page of a callback that has nowhere validated to go back to: no redirect, no detail. */
const INVALID_STATE_PAGE = [
  '<!doctype html><html><head><meta charset="utf-8"><title>Sign-in failed</title></head>',
  '<body style="font-family: sans-serif"><h1>This sign-in link is no longer valid</h1>',
  '<p>The sign-in has expired, was already finished, or did not start here. Go back to the app and sign in again.</p>',
  '</body></html>',
].join('\n');

/**
 * GET /auth/callback/:provider, where a provider sends the browser back (contract part
 * `providers`). A known, live state ends in a 303 to the redirectUri its round trip was started
 * with (one of IDENTITY_REDIRECT_URIS), with the outcome in the fragment, which never reaches a
 * server log or a Referer; anything else gets a 400 page of its own (HTML, or JSON for a client
 * that asks for it) and never a redirect.
 */
export function identityCallbackRoute(settings: IdentityCallbackSettings): Router {
  const router = Router();
  router.get('/auth/callback/:provider', async (req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    const meta = settings.meta(req);
    try {
      await settings.rateLimits.consumeForAddress('identityCallback', meta.ipAddress);
      const query = new URLSearchParams(req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '');
      const outcome = await settings.flows.callback(settings.em(), String(req.params.provider), query, meta);
      if (outcome.kind === 'redirect') {
        res.redirect(303, outcome.location);
        return;
      }
      invalid(req, res, 400, 'invalid_state', 'The sign-in is unknown, expired or already finished: sign in again.');
    } catch (error) {
      if (error instanceof AppError && error.code === 'RATE_LIMITED') {
        res.setHeader('retry-after', String(error.details.retryAfter ?? 60));
        invalid(req, res, 429, 'rate_limited', error.message);
        return;
      }
      settings.logger.error({ err: error, requestId: meta.requestId }, 'identity provider callback failed');
      invalid(req, res, 500, 'server_error', 'The sign-in could not be finished: try again.');
    }
  });
  return router;
}

function invalid(req: Request, res: Response, status: number, code: string, message: string): void {
  if (req.accepts(['html', 'json']) === 'json') {
    res.status(status).json({ errors: [{ message, extensions: { code: code.toUpperCase() } }] });
    return;
  }
  res.status(status).type('html').send(status === 400 ? INVALID_STATE_PAGE : `<!doctype html><html><body><p>${message}</p></body></html>`);
}
