import { isUuid } from '../core/request-meta.js';
import type { EventPosition } from '../db/stores/security-events.store.js';

/** A tag of its own, so that a cursor of another list (users) is refused rather than misread. */
const TAG = 'sev';

/** Opaque to clients: base64url of "sev:<at ms>:<id>", a position in the newest-first (at, id) order. */
export function encodeEventCursor(event: EventPosition): string {
  return Buffer.from(`${TAG}:${event.at.getTime()}:${event.id}`).toString('base64url');
}

export function decodeEventCursor(cursor: string): EventPosition | null {
  if (cursor.length > 200) return null;
  const match = /^sev:(\d{1,15}):(.+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || !isUuid(match[2])) return null;
  return { at: new Date(Number(match[1])), id: match[2] };
}
