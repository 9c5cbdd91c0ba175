import './threadpool.js';
// Before anything loads MikroORM (see the module for why and what it saves).
import './db/orm-async-stores.js';
import 'reflect-metadata';
import { startApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config/index.js';
import { createLogger } from './logger.js';

/** Beyond the delay and the drain (SHUTDOWN_DELAY + SHUTDOWN_TIMEOUT), closing the database and the metrics listener gets this long. */
const CLOSE_GRACE_MS = 5_000;

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger(config.logLevel);
  const app = await startApp(config, logger);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const delayMs = config.shutdownDelaySeconds * 1000;
    logger.info(
      { signal, shutdownDelaySeconds: config.shutdownDelaySeconds },
      'shutting down: /readyz answers 503; serving for SHUTDOWN_DELAY, then draining in-flight requests',
    );
    // The delay is fixed and the drain bounded by SHUTDOWN_TIMEOUT (then open connections are
    // closed); this is the last resort should closing the database hang.
    const forceExit = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, delayMs + config.shutdownTimeoutSeconds * 1000 + CLOSE_GRACE_MS);
    forceExit.unref();
    app.stop({ acceptForMs: delayMs }).then(
      () => {
        logger.info({ signal }, 'stopped: requests drained, database closed');
        process.exit(0);
      },
      (error) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // Said only once the handlers are in place: whoever waits for this line may signal at once.
  logger.info(
    {
      url: `${app.origin}/graphql`,
      database: config.database.kind,
      ...(app.metricsServer ? { metrics: `${app.metricsServer.origin}/metrics` } : {}),
    },
    'cloud-auth is serving',
  );
}

main().catch((error) => {
  process.stderr.write(`cloud-auth failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
