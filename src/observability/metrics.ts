import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from '../logger.js';

export type LoginOutcome = 'succeeded' | 'failed' | 'throttled';

/**
 * The service's Prometheus metrics, in a registry of its own (one per app, so that several
 * servers in one process, as in the tests, never share or double-register a metric).
 *
 * Label values are bounded: `operation` is a schema field name (or "multiple"/"invalid"),
 * `outcome` is "success" or one of our error codes. Nothing a client chooses freely (operation
 * names, ids, addresses) becomes a label.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly requestDuration: Histogram<'operation' | 'outcome'>;
  private readonly logins: Counter<'outcome'>;
  private readonly refreshReuse: Counter;
  private readonly boundRequestSeries = new Map<string, { count: { inc(): void }; duration: { observe(seconds: number): void } }>();

  constructor(countActiveSessions: () => Promise<number>, logger: Logger) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'cloud_auth_graphql_requests_total',
      help: 'GraphQL requests by root field and outcome (success or error code).',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'cloud_auth_graphql_request_duration_seconds',
      help: 'GraphQL request latency by root field and outcome.',
      labelNames: ['operation', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.logins = new Counter({
      name: 'cloud_auth_logins_total',
      help: 'Login attempts: succeeded, failed (wrong credentials or any other error), throttled (rate limited).',
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of ['succeeded', 'failed', 'throttled'] satisfies LoginOutcome[]) this.logins.inc({ outcome }, 0);
    this.refreshReuse = new Counter({
      name: 'cloud_auth_refresh_token_reuse_total',
      help: 'Refresh tokens presented after rotation (likely theft); each revoked its session.',
      registers,
    });
    new Gauge({
      name: 'cloud_auth_active_sessions',
      help: 'Sessions neither revoked nor expired (one count query per scrape).',
      registers,
      async collect() {
        try {
          this.set(await countActiveSessions());
        } catch (error) {
          // A scrape while the database is down still serves the other metrics.
          logger.warn({ err: error }, 'could not count active sessions for /metrics');
        }
      },
    });
  }

  recordRequest(operation: string, outcome: string, seconds: number): void {
    const series = this.requestSeries(operation, outcome);
    series.count.inc();
    series.duration.observe(seconds);
  }

  /**
   * The request counter and histogram bound to one label pair, kept: prom-client hashes the
   * labels on every unbound call, which showed in the bench's profile of `me`. The pairs are few
   * (root field names, or "multiple"/"invalid", times outcome codes), as the metrics' own
   * cardinality already requires.
   */
  private requestSeries(operation: string, outcome: string) {
    const key = `${operation}\u0000${outcome}`;
    let series = this.boundRequestSeries.get(key);
    if (!series) {
      series = { count: this.requests.labels(operation, outcome), duration: this.requestDuration.labels(operation, outcome) };
      this.boundRequestSeries.set(key, series);
    }
    return series;
  }

  /** Counted from the security events SIGNED_IN and SIGN_IN_FAILED (security-event-listeners.ts). */
  recordLogin(outcome: LoginOutcome): void {
    this.logins.inc({ outcome });
  }

  recordRefreshReuse(): void {
    this.refreshReuse.inc();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
