import type { EntityManager } from '@mikro-orm/core';
import type { SecurityEventStore } from '../db/stores/security-events.store.js';
import type { Logger } from '../logger.js';
import { PRUNE_BATCH, PRUNE_INTERVAL_MAX_MS } from './limits.js';

/**
 * Deletes events older than the retention (SECURITY_EVENT_RETENTION) in the background: a timer
 * that does not keep the process alive, batches of PRUNE_BATCH rows so that no statement holds
 * the table long, and one run at a time. `stop` ends it (shutdown) and waits for a run under way.
 */
export class SecurityEventRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: SecurityEventStore,
    private readonly rootEm: EntityManager,
    private readonly retentionSeconds: number,
    private readonly logger: Logger,
  ) {}

  /** Every tenth of the retention, at most hourly (and at least every second). */
  get intervalMs(): number {
    return Math.max(1000, Math.min(PRUNE_INTERVAL_MAX_MS, (this.retentionSeconds * 1000) / 10));
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  /** Deletes what is past the retention now; returns how many rows went. */
  async runOnce(): Promise<number> {
    if (this.running || this.stopped) return 0;
    let deleted = 0;
    const run = (async () => {
      const cutoff = new Date(Date.now() - this.retentionSeconds * 1000);
      try {
        while (!this.stopped) {
          const count = await this.store.deleteOlderThan(this.rootEm.fork(), cutoff, PRUNE_BATCH);
          deleted += count;
          if (count < PRUNE_BATCH) break;
        }
        if (deleted > 0) this.logger.info({ deleted, cutoff: cutoff.toISOString() }, 'pruned security events past their retention');
      } catch (error) {
        this.logger.warn({ err: error }, 'could not prune security events');
      }
    })();
    this.running = run;
    await run;
    this.running = undefined;
    return deleted;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
