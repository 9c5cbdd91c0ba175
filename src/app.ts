import type { MikroORM } from '@mikro-orm/core';
import { RateLimits } from './limits/rate-limit.js';
import { createServices, lifecycleSettings, tokenSettings, type Services } from './services.js';
import type { Config } from './config/index.js';
import { openDatabase } from './db/orm.js';
import { createStores } from './db/stores/index.js';
import { openKeyRing, type KeyRing } from './keys/index.js';
import { SecurityEventStore } from './db/stores/security-events.store.js';
import { SecurityEventRetention } from './events/index.js';
import { resolveJwtSecret } from './jwt-secret.js';
import type { Logger } from './logger.js';
import { Metrics } from './observability/metrics.js';
import { startMetricsServer, type MetricsServer } from './observability/metrics-server.js';
import { startServer, type RunningServer, type StopOptions } from './server.js';

export interface App {
  origin: string;
  orm: MikroORM;
  services: Services;
  server: RunningServer;
  metrics: Metrics;
  /** Only when METRICS_PORT is set. */
  metricsServer: MetricsServer | undefined;
  /** Prunes security events past SECURITY_EVENT_RETENTION in the background. */
  eventRetention: SecurityEventRetention;
  /** Drains (see RunningServer.stop: `acceptForMs` of serving first, then in-flight requests), then closes the database. */
  stop(options?: StopOptions): Promise<void>;
}

/** config -> database (migrated) -> services -> HTTP server. Used by main.ts and by the tests. */
export async function startApp(config: Config, logger: Logger): Promise<App> {
  const secret = resolveJwtSecret(config, logger);
  warnAboutRiskySettings(config, logger);
  const orm = await openDatabase(config.database, logger);
  let rateLimits: RateLimits | undefined;
  let keyRing: KeyRing | undefined;
  try {
    const stores = createStores();
    keyRing = await openKeyRing(config, secret, orm, stores.signingKeys, logger);
    rateLimits = await RateLimits.create({ ...config.rateLimit, redisUrl: config.redisUrl }, logger);
    const services = createServices(tokenSettings(config, secret), logger, lifecycleSettings(config), rateLimits, stores, keyRing);
    const metrics = new Metrics(() => services.sessions.countActive(orm.em.fork()), logger);
    const server = await startServer({ config, orm, services, logger, metrics });
    const eventRetention = new SecurityEventRetention(new SecurityEventStore(), orm.em, config.securityEventRetentionSeconds, logger);
    eventRetention.start();
    keyRing?.startRefreshing();
    let metricsServer: MetricsServer | undefined;
    try {
      metricsServer = config.metrics && (await startMetricsServer(metrics, config.metrics, logger));
    } catch (error) {
      await eventRetention.stop();
      await keyRing?.stop();
      await server.stop();
      throw error;
    }
    return {
      origin: server.origin,
      orm,
      services,
      server,
      metrics,
      metricsServer,
      eventRetention,
      async stop(options) {
        await server.stop(options);
        await eventRetention.stop();
        await keyRing?.stop();
        // Mail still going out after its response gets a bounded wait, then the database closes.
        await services.background.drain();
        services.mailer.close();
        await rateLimits?.close();
        await metricsServer?.close();
        await orm.close();
      },
    };
  } catch (error) {
    await keyRing?.stop();
    await rateLimits?.close();
    await orm.close();
    throw error;
  }
}

/** Settings that production accepts because an operator may need them, but should never miss. */
function warnAboutRiskySettings(config: Config, logger: Logger): void {
  if (config.isProduction && !config.rateLimit.enabled) {
    logger.warn(
      { setting: 'RATE_LIMIT_ENABLED' },
      'RATE_LIMIT_ENABLED=false in production: logins, registrations, refreshes and mails are not throttled, so password guessing is unbounded',
    );
  }
}
