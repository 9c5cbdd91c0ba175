import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../logger.js';

export interface HttpFault {
  status: number;
  code: string;
  message: string;
}

/** Answers with the shape GraphQL clients already understand: a JSON body with an `errors` array. */
export function sendFault(res: ServerResponse, fault: HttpFault): void {
  const body = JSON.stringify({ errors: [{ message: fault.message, extensions: { code: fault.code } }] });
  res.statusCode = fault.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

/** A body limit in bytes as the refusals name it, e.g. 102400 -> "100kb". */
export const bodyLimitLabel = (bytes: number): string => `${bytes / 1024}kb`;

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

/**
 * An error that reached the HTTP layer (the body parser's, or anything unexpected) as the fault
 * to answer with: known client errors by name, other 4xx as a plain "Bad request.", the rest a
 * logged 500 that says nothing of its cause.
 */
export function faultFor(error: unknown, bodyLimit: string, logger: Logger): HttpFault {
  const details = (error ?? {}) as { type?: unknown; status?: unknown; expose?: unknown; message?: unknown };
  const known = describeBodyError(details, bodyLimit);
  if (known) return known;
  const status = typeof details.status === 'number' && details.status >= 400 && details.status < 500 ? details.status : 500;
  if (status === 500) logger.error({ err: error }, 'unhandled HTTP error');
  const message = status === 500 ? 'Internal server error.' : details.expose ? String(details.message) : 'Bad request.';
  return { status, code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST', message };
}

/** Every HTTP-level failure is a JSON body with an `errors` array, never Express's HTML page or a stack. */
export const jsonErrorHandler =
  (logger: Logger, bodyLimit: string): ErrorRequestHandler =>
  (error, _req, res, _next) =>
    sendFault(res, faultFor(error, bodyLimit, logger));
