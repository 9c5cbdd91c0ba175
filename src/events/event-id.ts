import { randomBytes } from 'node:crypto';

/**
 * Ids of security events: UUIDv7 (RFC 9562), whose first 48 bits are the time in milliseconds
 * and whose next 12 bits count the events of one millisecond in this process. The log is read
 * newest first by (at, id), and several events of one change often share a millisecond (a
 * third failed login and the lock it causes): with random ids their order was a coin toss,
 * with these it is the order they were written in. The other 62 bits are random.
 */
let lastMillis = 0;
let sequence = 0;

export function newEventId(now: number = Date.now()): string {
  if (now > lastMillis) {
    lastMillis = now;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    // 4,096 events in one millisecond: borrow the next one, so that ids stay increasing.
    lastMillis += 1;
    sequence = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(lastMillis, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
