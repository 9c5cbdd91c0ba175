import { z } from 'zod';
import { booleanFlag, duration, parsedWith, parseOrigins, parseTrustProxy, pause, port, type TrustProxy } from './parsers.js';

/** How the process serves: where it listens, who may call it from a browser, logs, metrics, shutdown. */

/** Apollo Sandbox's hosted origin, admitted by default outside production. */
export const APOLLO_STUDIO_ORIGIN = 'https://studio.apollographql.com';

export const serverEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port().default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GRAPHQL_INTROSPECTION: booleanFlag(),
  // Serve the Apollo Federation 2 subgraph schema (src/federation/) instead of the plain one.
  SUBGRAPH: booleanFlag(),
  CORS_ORIGINS: z.string().optional().transform((text, ctx) => (text === undefined ? undefined : parsedWith(parseOrigins)(text, ctx))),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform(parsedWith((text) => parseTrustProxy(text.trim()) ?? 'must be false, a hop count, or comma-separated proxy addresses/CIDRs')),
  // Prometheus metrics: off unless METRICS_PORT is set, and then on loopback unless told otherwise.
  METRICS_PORT: port().optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  SHUTDOWN_TIMEOUT: duration('10'),
  // Seconds between SIGTERM and closing the listener (main.ts): default 5 in production, 0 otherwise.
  SHUTDOWN_DELAY: pause(),
});

export interface CorsConfig {
  /** Exact origins allowed to call /graphql from a browser. */
  origins: string[];
  /** Development convenience: any http(s)://localhost, 127.0.0.1 or [::1] origin on any port. */
  allowLocalhost: boolean;
}

export interface ServerSettings {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  logLevel: string;
  introspection: boolean;
  /**
   * /graphql serves the Apollo Federation 2 subgraph schema (`_service`, `_entities`, User as an
   * entity) for a gateway or router to compose; false: the plain schema.
   */
  subgraph: boolean;
  cors: CorsConfig;
  trustProxy: TrustProxy;
  /** Where GET /metrics is served; undefined: nowhere. */
  metrics: { port: number; host: string } | undefined;
  /** How long SIGTERM waits for in-flight requests before closing their connections. */
  shutdownTimeoutSeconds: number;
  /**
   * How long after SIGTERM the instance keeps accepting and serving (answering `Connection:
   * close`, `/readyz` already 503) before it stops accepting, so that a load balancer can take it
   * out first.
   */
  shutdownDelaySeconds: number;
}

export function serverSettings(env: z.output<typeof serverEnv>): ServerSettings {
  const isProduction = env.NODE_ENV === 'production';
  return {
    env: env.NODE_ENV,
    isProduction,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    introspection: env.GRAPHQL_INTROSPECTION ?? !isProduction,
    subgraph: env.SUBGRAPH ?? false,
    cors: env.CORS_ORIGINS
      ? { origins: env.CORS_ORIGINS, allowLocalhost: false }
      : { origins: isProduction ? [] : [APOLLO_STUDIO_ORIGIN], allowLocalhost: !isProduction },
    trustProxy: env.TRUST_PROXY,
    metrics: env.METRICS_PORT === undefined ? undefined : { port: env.METRICS_PORT, host: env.METRICS_HOST },
    shutdownTimeoutSeconds: env.SHUTDOWN_TIMEOUT,
    shutdownDelaySeconds: env.SHUTDOWN_DELAY ?? (isProduction ? 5 : 0),
  };
}
