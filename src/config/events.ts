import { z } from 'zod';
import { duration } from './parsers.js';

/** The security-event log. */

export const eventsEnv = z.object({
  SECURITY_EVENT_RETENTION: duration('180d'),
});

export interface EventsSettings {
  /** How long security events are kept before the background prune deletes them (SECURITY_EVENT_RETENTION). */
  securityEventRetentionSeconds: number;
}

export function eventsSettings(env: z.output<typeof eventsEnv>): EventsSettings {
  return { securityEventRetentionSeconds: env.SECURITY_EVENT_RETENTION };
}
