import typeIs from 'type-is';
import { sendFault } from './errors.js';
import { header, type HttpRequest, type Middleware } from './node-types.js';

/** Content types a browser may POST cross-origin without a CORS preflight (CSRF-able). */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
/** Headers that force a preflight; Apollo's csrfPrevention accepts the same two. */
const PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'];

/**
 * POST /graphql takes JSON only. Without this, a form or text/plain POST would reach Apollo
 * with no parsed body and be answered with a 500 in plain text. A POST that a page on another
 * site could send without a preflight is refused as CSRF, as Apollo's csrfPrevention refuses the
 * GET equivalent (which stays on for GET).
 */
export const requireJsonPost: Middleware = (req, res, next) => {
  if (req.method !== 'POST' || isJsonBody(req)) return next();
  const mediaType = (header(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
  const preflighted = PREFLIGHT_HEADERS.some((name) => (header(req, name) ?? '') !== '');
  if (!preflighted && (mediaType === '' || SIMPLE_CONTENT_TYPES.includes(mediaType))) {
    return sendFault(res, {
      status: 400,
      code: 'BAD_REQUEST',
      message:
        'This request has been blocked as a potential Cross-Site Request Forgery (CSRF). ' +
        'Send it with Content-Type: application/json.',
    });
  }
  sendFault(res, { status: 415, code: 'BAD_REQUEST', message: 'POST /graphql takes Content-Type: application/json.' });
};

/** A JSON body: the exact header every client sends is checked without parsing it (the hot path). */
const isJsonBody = (req: HttpRequest): boolean =>
  (req.headers['content-type'] === 'application/json' && typeIs.hasBody(req)) || Boolean(typeIs(req, ['application/json']));

/**
 * A JSON array is a batch of operations. Off unless GRAPHQL_MAX_BATCH > 0 (one request must not
 * carry many password guesses), and then at most that many operations.
 */
export const limitBatch =
  (maxBatch: number): Middleware =>
  (req, res, next) => {
    if (!Array.isArray(req.body)) return next();
    if (maxBatch === 0) {
      return sendFault(res, { status: 400, code: 'BAD_REQUEST', message: 'Batched operations are not accepted: send one operation per request.' });
    }
    if (req.body.length > maxBatch) {
      return sendFault(res, {
        status: 400,
        code: 'BAD_REQUEST',
        message: `Batch limit of ${maxBatch} operations exceeded, found ${req.body.length}.`,
      });
    }
    next();
  };
