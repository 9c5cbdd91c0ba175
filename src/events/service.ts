import type { EntityManager } from '@mikro-orm/core';
import { isUuid } from '../core/request-meta.js';
import type { SecurityEvent, SecurityEventType } from '../db/entities/index.js';
import type { SecurityEventStore } from '../db/stores/security-events.store.js';
import { badUserInput, type FieldErrors } from '../errors.js';
import { decodeEventCursor, encodeEventCursor } from './cursor.js';
import { EVENTS_PAGE_MAX } from './limits.js';

export interface EventPage {
  edges: Array<{ cursor: string; node: SecurityEvent }>;
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface EventPageArgs {
  first: number | null | undefined;
  after: string | null | undefined;
  defaultFirst: number;
}

/** Reading the security-event log: one's own events, and (admins) everyone's. */
export class SecurityEventService {
  constructor(private readonly store: SecurityEventStore) {}

  /** The account's own events, newest first. */
  forAccount(em: EntityManager, userId: string, args: EventPageArgs): Promise<EventPage> {
    return this.page(em, args, { userId });
  }

  /** Everyone's events, newest first; `userId` and `types` narrow them. */
  auditLog(
    em: EntityManager,
    filter: { userId?: string | null; types?: SecurityEventType[] | null },
    args: EventPageArgs,
  ): Promise<EventPage> {
    const errors: FieldErrors = {};
    if (filter.userId != null && !isUuid(filter.userId)) errors.userId = ['Not a user id.'];
    return this.page(em, args, filter, errors);
  }

  private async page(
    em: EntityManager,
    args: EventPageArgs,
    filter: { userId?: string | null; types?: SecurityEventType[] | null },
    errors: FieldErrors = {},
  ): Promise<EventPage> {
    const first = args.first ?? args.defaultFirst;
    const after = args.after ? decodeEventCursor(args.after) : null;
    if (!Number.isInteger(first) || first < 1 || first > EVENTS_PAGE_MAX) errors.first = [`Must be between 1 and ${EVENTS_PAGE_MAX}.`];
    if (args.after && !after) errors.after = ['Not a cursor of this list.'];
    if (Object.keys(errors).length > 0) throw badUserInput(errors);

    const rows = await this.store.page(em, { ...filter, after, limit: first + 1 });
    const edges = rows.slice(0, first).map((node) => ({ cursor: encodeEventCursor(node), node }));
    return { edges, hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null };
  }
}
