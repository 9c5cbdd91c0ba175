import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';
import type { Metrics } from './metrics.js';

export interface MetricsServer {
  /** e.g. http://127.0.0.1:9464 */
  origin: string;
  close(): Promise<void>;
}

/**
 * GET /metrics on a listener of its own (METRICS_PORT, loopback by default), so that the
 * public port behind the load balancer never exposes it and no token guard is needed.
 */
export async function startMetricsServer(
  metrics: Metrics,
  where: { port: number; host: string },
  logger: Logger,
): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found.\n');
      return;
    }
    metrics.render().then(
      (body) => res.writeHead(200, { 'content-type': metrics.contentType }).end(body),
      (error) => {
        logger.error({ err: error }, 'could not render /metrics');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal server error.\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    origin: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
