import type { MikroORM } from '@mikro-orm/core';
import { RateLimits } from './auth/rate-limit.js';
import { createServices, type Services } from './auth/services.js';
import type { Config } from './config.js';
import { openDatabase } from './db/orm.js';
import { resolveJwtSecret } from './jwt-secret.js';
import type { Logger } from './logger.js';
import { startServer, type RunningServer } from './server.js';

export interface App {
  origin: string;
  orm: MikroORM;
  services: Services;
  server: RunningServer;
  /** Drains in-flight requests, then closes the database. */
  stop(): Promise<void>;
}

/** config -> database (migrated) -> services -> HTTP server. Used by main.ts and by the tests. */
export async function startApp(config: Config, logger: Logger): Promise<App> {
  const secret = resolveJwtSecret(config, logger);
  const orm = await openDatabase(config.database, logger);
  let rateLimits: RateLimits | undefined;
  try {
    rateLimits = await RateLimits.create({ ...config.rateLimit, redisUrl: config.redisUrl }, logger);
    const services = createServices(
      {
        secret,
        issuer: config.jwtIssuer,
        audience: config.jwtAudience,
        accessTtlSeconds: config.accessTokenTtlSeconds,
        refreshTtlSeconds: config.refreshTokenTtlSeconds,
      },
      logger,
      rateLimits,
    );
    const server = await startServer({ config, orm, services, logger });
    return {
      origin: server.origin,
      orm,
      services,
      server,
      async stop() {
        await server.stop();
        await rateLimits?.close();
        await orm.close();
      },
    };
  } catch (error) {
    await rateLimits?.close();
    await orm.close();
    throw error;
  }
}
