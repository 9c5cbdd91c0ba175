import { startApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { createTestDatabase } from './database.js';
import { testConfig } from './server.js';

export interface Cluster {
  /** http://127.0.0.1:<port>/graphql of each instance. */
  urls: string[];
  instances: App[];
  /** The next instance's URL, round-robin, as a load balancer would spread requests. */
  next(): string;
  stop(): Promise<void>;
}

/**
 * Several instances of the real server, each with its own ORM and connection pool, on one
 * shared fresh database (start them at once: migrations are serialised by the database).
 */
export async function startCluster(count: number, env: Record<string, string> = {}): Promise<Cluster> {
  const database = await createTestDatabase();
  const config = testConfig(database.url, env);
  const started = await Promise.allSettled(Array.from({ length: count }, () => startApp(config, createLogger(config.logLevel))));
  const instances = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async () => {
    for (const instance of instances) await instance.stop();
    await database.drop();
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const urls = instances.map((instance) => `${instance.origin}/graphql`);
  let turn = 0;
  return { urls, instances, next: () => urls[turn++ % urls.length], stop };
}
