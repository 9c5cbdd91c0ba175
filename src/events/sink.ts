import { newEventId } from './event-id.js';
import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from '../logger.js';
import type { RawStatement, SecurityEventStore } from '../db/stores/security-events.store.js';
import { USER_AGENT_MAX_LENGTH } from './limits.js';
import type { EmitEvent, PublishedSecurityEvent, SecurityEventInput, SecurityEventListener } from './types.js';

/**
 * The one place security events go through. A service emits an event together with the change
 * it records, and the sink writes its row in that change's transaction, by whichever of three
 * ways the change is written:
 * - `transaction`: the change runs in a transaction the sink opens, the rows are inserted at
 *   its end (so a failing insert rolls the change back, and a failing change writes no row);
 * - `stage` + `publish`: the change is a unit-of-work flush, which writes the staged rows with it;
 * - `prepare` + `publish`: the change is a raw transaction of its own (login's session start),
 *   which runs the rows' INSERT statements among its own.
 * Listeners (the request log, the metrics) hear of an event only after its transaction
 * committed, and never break the request: a throwing listener is logged.
 */
export class SecurityEventSink {
  private readonly listeners: SecurityEventListener[] = [];

  constructor(
    private readonly store: SecurityEventStore,
    private readonly logger: Logger,
  ) {}

  subscribe(listener: SecurityEventListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  /** Runs `change` and writes the events it emitted in one transaction; publishes them after the commit. */
  async transaction<T>(em: EntityManager, change: (tx: EntityManager, emit: EmitEvent) => Promise<T>): Promise<T> {
    const events: PublishedSecurityEvent[] = [];
    const result = await em.transactional(async (tx) => {
      const value = await change(tx, (input) => events.push(this.toEvent(input)));
      await this.store.insert(tx, events.filter((event) => event.stored));
      return value;
    });
    this.publish(events);
    return result;
  }

  /** An event that changes nothing else (a failed sign-in): one INSERT of its own, then its listeners. */
  async record(em: EntityManager, input: SecurityEventInput): Promise<void> {
    const event = this.toEvent(input);
    if (event.stored) await this.store.insert(em, [event]);
    this.publish([event]);
  }

  /** Adds the event to `em`'s unit of work (written by its next flush); `publish` it once that flush is done. */
  stage(em: EntityManager, input: SecurityEventInput): PublishedSecurityEvent {
    const event = this.toEvent(input);
    if (event.stored) this.store.stage(em, event);
    return event;
  }

  /** The event and its INSERT, for a raw transaction to run; `publish` it once that committed. */
  prepare(em: EntityManager, input: SecurityEventInput): { event: PublishedSecurityEvent; statement: RawStatement | null } {
    const event = this.toEvent(input);
    return { event, statement: event.stored ? this.store.insertStatement(em, event) : null };
  }

  /** Within the deletion of an account: its events stay, no longer naming it. */
  forgetAccount(tx: EntityManager, userId: string): Promise<number> {
    return this.store.forgetAccount(tx, userId);
  }

  /** Tells the listeners; for events whose rows a committed change already wrote. */
  publish(events: PublishedSecurityEvent[]): void {
    for (const event of events) {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (error) {
          this.logger.error({ err: error, securityEvent: event.type }, 'security event listener failed');
        }
      }
    }
  }

  private toEvent(input: SecurityEventInput): PublishedSecurityEvent {
    const meta = input.meta ?? null;
    return {
      id: newEventId(),
      type: input.type,
      at: new Date(),
      userId: input.userId,
      actorId: input.actorId ?? null,
      sessionId: input.sessionId ?? null,
      ipAddress: meta?.ipAddress ?? null,
      userAgent: meta?.userAgent?.slice(0, USER_AGENT_MAX_LENGTH) ?? null,
      requestId: meta?.requestId ?? null,
      ...(input.signInFailure ? { signInFailure: input.signInFailure } : {}),
      // Nothing to attach an unknown name's failure to; a throttled attempt checked no password,
      // and storing each would let anyone fill the table by hammering a locked account.
      stored: input.signInFailure === undefined || (input.userId !== null && input.signInFailure !== 'throttled'),
    };
  }
}
