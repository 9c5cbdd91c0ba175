import type { MikroORM } from '@mikro-orm/core';
import { createServices, lifecycleSettings, tokenSettings, type Services } from './auth/services.js';
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
  try {
    const services = createServices(tokenSettings(config, secret), logger, lifecycleSettings(config));
    const server = await startServer({ config, orm, services, logger });
    return {
      origin: server.origin,
      orm,
      services,
      server,
      async stop() {
        await server.stop();
        // Mail still going out after its response gets a bounded wait, then the database closes.
        await services.background.drain();
        services.mailer.close();
        await orm.close();
      },
    };
  } catch (error) {
    await orm.close();
    throw error;
  }
}
