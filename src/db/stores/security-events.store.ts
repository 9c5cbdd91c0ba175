import type { SqlWrite } from './sql-write.js';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { SecurityEvent, type SecurityEventType } from '../entities/index.js';
import { runRawQuery } from '../raw-query.js';
import { statementCache } from '../statement-cache.js';

/** The row of one event, as the sink writes it. */
export interface SecurityEventRow {
  id: string;
  type: SecurityEventType;
  at: Date;
  userId: string | null;
  actorId: string | null;
  sessionId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
}

/** A write another store's transaction runs for it (login's sign-in transaction). */
export type RawStatement = SqlWrite;

/** A position in the newest-first (at, id) order. */
export interface EventPosition {
  at: Date;
  id: string;
}

export interface EventPageQuery {
  userId?: string | null;
  types?: SecurityEventType[] | null;
  /** Only events after this one in the order, i.e. older. */
  after?: EventPosition | null;
  limit: number;
}

const COLUMNS = ['id', 'type', 'at', 'userId', 'actorId', 'sessionId', 'ipAddress', 'userAgent'] as const;

const statements = statementCache((names) => {
  const columns = COLUMNS.map((property) => names.column(SecurityEvent, property));
  return { insert: `insert into ${names.table(SecurityEvent)} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})` };
});

/** Every SQL statement of the security_events table. */
export class SecurityEventStore {
  /** The INSERT of one event with bound parameters, for raw write paths (login's session start). */
  insertStatement(em: EntityManager, row: SecurityEventRow): RawStatement {
    const date = (value: Date) => em.getPlatform().processDateProperty(value);
    return {
      sql: statements(em).insert,
      params: COLUMNS.map((column) => (column === 'at' ? date(row.at) : row[column])),
    };
  }

  /** Inserts the events with `em`, in its transaction when it is in one. */
  async insert(em: EntityManager, rows: SecurityEventRow[]): Promise<void> {
    for (const row of rows) {
      const { sql, params } = this.insertStatement(em, row);
      await runRawQuery(em, sql, params, 'run');
    }
  }

  /** Adds the event to the unit of work: the next flush writes it, in the flush's transaction. */
  stage(em: EntityManager, row: SecurityEventRow): void {
    em.create(SecurityEvent, row);
  }

  /** Newest first, (at, id) descending; one more than `limit` tells whether a next page exists. */
  page(em: EntityManager, query: EventPageQuery): Promise<SecurityEvent[]> {
    const where: FilterQuery<SecurityEvent>[] = [];
    if (query.userId) where.push({ userId: query.userId });
    if (query.types && query.types.length > 0) where.push({ type: { $in: query.types } });
    if (query.after) {
      const { at, id } = query.after;
      where.push({ $or: [{ at: { $lt: at } }, { at, id: { $lt: id } }] });
    }
    return em.find(SecurityEvent, where.length > 0 ? { $and: where } : {}, {
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      limit: query.limit,
    });
  }

  /** The account is gone: its events stay, no longer naming it (the contract's "null once deleted"). */
  forgetAccount(em: EntityManager, userId: string): Promise<number> {
    return em.nativeUpdate(SecurityEvent, { userId }, { userId: null });
  }

  /** Deletes up to `batch` events older than `cutoff`, oldest first; returns how many. */
  async deleteOlderThan(em: EntityManager, cutoff: Date, batch: number): Promise<number> {
    const oldest = await em.find(SecurityEvent, { at: { $lt: cutoff } }, { fields: ['id'], orderBy: { at: 'asc' }, limit: batch });
    if (oldest.length === 0) return 0;
    return em.nativeDelete(SecurityEvent, { id: { $in: oldest.map((event) => event.id) } });
  }
}
