import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from '../logger.js';

export interface HttpFault {
  status: number;
  code: string;
  message: string;
}

/** Answers with the shape GraphQL clients already understand: a JSON body with an `errors` array. */
export function sendFault(res: Response, fault: HttpFault, headers: Record<string, string> = {}): void {
  res.set(headers).status(fault.status).json({ errors: [{ message: fault.message, extensions: { code: fault.code } }] });
}

/**
 * body-parser's failures (see its README, "Errors") as clear client errors. The parser's own
 * messages are replaced: they quote the body back, and a JSON syntax message is no help to
 * anyone but an attacker probing the parser.
 */
export function describeBodyError(error: { type?: unknown; status?: unknown }, bodyLimit: string): HttpFault | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' };
    case 'entity.too.large':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than the limit of ${bodyLimit}.` };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'BAD_REQUEST', message: 'The request body must be UTF-8 JSON.' };
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return { status: 400, code: 'BAD_REQUEST', message: 'The request body could not be read.' };
    default:
      return undefined;
  }
}

/** Every HTTP-level failure is a JSON body with an `errors` array, never Express's HTML page or a stack. */
export const jsonErrorHandler =
  (logger: Logger, bodyLimit: string): ErrorRequestHandler =>
  (error, _req, res, _next) => {
    const known = describeBodyError(error ?? {}, bodyLimit);
    if (known) return sendFault(res, known);
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error }, 'unhandled HTTP error');
    const message = status === 500 ? 'Internal server error.' : error.expose ? String(error.message) : 'Bad request.';
    sendFault(res, { status, code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST', message });
  };
