import type { PublishedSecurityEvent, SecurityEventListener } from '../events/types.js';
import { SecurityEventType } from '../events/types.js';
import type { Logger } from '../logger.js';
import type { Metrics } from './metrics.js';

/** The metrics fed by security events: login outcomes and refresh-token reuse. */
export function countSecurityEvents(metrics: Metrics): SecurityEventListener {
  return (event) => {
    if (event.type === SecurityEventType.SIGNED_IN) metrics.recordLogin('succeeded');
    else if (event.type === SecurityEventType.SIGN_IN_FAILED) metrics.recordLogin(event.signInFailure === 'throttled' ? 'throttled' : 'failed');
    else if (event.type === SecurityEventType.REFRESH_TOKEN_REUSED) metrics.recordRefreshReuse();
  };
}

/** Worth an operator's attention: a likely stolen token, an account under attack. */
const WARNINGS: ReadonlySet<SecurityEventType> = new Set([SecurityEventType.REFRESH_TOKEN_REUSED, SecurityEventType.ACCOUNT_LOCKED]);

/** One log line per event: ids only (never an address, user agent or anything typed). */
export function logSecurityEvents(logger: Logger): SecurityEventListener {
  return (event: PublishedSecurityEvent) => {
    const fields = {
      securityEvent: event.type,
      userId: event.userId,
      actorId: event.actorId,
      sessionId: event.sessionId,
      requestId: event.requestId,
    };
    if (WARNINGS.has(event.type)) logger.warn(fields, 'security event');
    else logger.info(fields, 'security event');
  };
}

/**
 * The types of the events each request caused, for its request log line. A request is followed
 * from its start to its log line; events of other work (mail tasks after the response) are not kept.
 */
export class EventsPerRequest {
  private readonly pending = new Map<string, SecurityEventType[]>();

  readonly listener: SecurityEventListener = (event) => {
    if (event.requestId !== null) this.pending.get(event.requestId)?.push(event.type);
  };

  begin(requestId: string): void {
    this.pending.set(requestId, []);
  }

  /** The request's event types, and forgets it. */
  end(requestId: string): SecurityEventType[] {
    const types = this.pending.get(requestId) ?? [];
    this.pending.delete(requestId);
    return types;
  }
}
