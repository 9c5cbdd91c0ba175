import { describe, expect, it } from 'vitest';
import { newEventId } from '../../src/events/event-id.js';

describe('security event ids', () => {
  it('are UUIDv7 and increase in the order they are made, also within one millisecond', () => {
    const now = Date.now() + 60_000;
    const ids = Array.from({ length: 5_000 }, () => newEventId(now));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Number.parseInt(ids[0].replace(/-/g, '').slice(0, 12), 16)).toBe(now);
  });
});
