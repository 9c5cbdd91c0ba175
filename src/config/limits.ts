import { z } from 'zod';
import { DEFAULT_RATE_LIMITS, type RateLimitName, type RateLimitRule } from '../limits/rate-limit-defaults.js';
import { booleanFlag, boundedInt, parsedWith, parseRateLimitOverrides } from './parsers.js';

/** What one request and one caller may cost: GraphQL document limits and the rate limits. */

export const limitsEnv = z.object({
  GRAPHQL_MAX_ALIASES: boundedInt(15, 0, 1000),
  GRAPHQL_MAX_DEPTH: boundedInt(10, 1, 100),
  GRAPHQL_MAX_TOKENS: boundedInt(1000, 50, 100_000),
  GRAPHQL_MAX_DIRECTIVES: boundedInt(50, 0, 1000),
  GRAPHQL_MAX_COST: boundedInt(5000, 1, 1_000_000),
  GRAPHQL_MAX_BATCH: boundedInt(0, 0, 10),
  RATE_LIMIT_ENABLED: booleanFlag(),
  RATE_LIMITS: z.string().default('').transform(parsedWith(parseRateLimitOverrides)),
  RATE_LIMIT_IPV6_PREFIX: boundedInt(64, 1, 128),
  RATE_LIMIT_KEY_PREFIX: z.string().regex(/^[\w:.-]{1,64}$/, 'must be 1-64 letters, digits or : . - _').default('cloud-auth'),
});

export interface GraphQLLimits {
  maxAliases: number;
  maxDepth: number;
  maxTokens: number;
  maxDirectives: number;
  maxCost: number;
  /** Operations per batched (JSON array) request; 0 turns batching off. */
  maxBatch: number;
}

export interface RateLimitConfig {
  enabled: boolean;
  rules: Record<RateLimitName, RateLimitRule>;
  /** Prefix of every limiter key, so that several deployments (or test runs) can share one Redis. */
  keyPrefix: string;
  /** IPv6 clients are counted per network of this prefix length (one host usually holds a /64). */
  ipv6Prefix: number;
}

export interface LimitsSettings {
  /** Per-document limits enforced before anything executes (src/graphql/limits.ts). */
  graphqlLimits: GraphQLLimits;
  rateLimit: RateLimitConfig;
}

export function limitsSettings(env: z.output<typeof limitsEnv>): LimitsSettings {
  return {
    graphqlLimits: {
      maxAliases: env.GRAPHQL_MAX_ALIASES,
      maxDepth: env.GRAPHQL_MAX_DEPTH,
      maxTokens: env.GRAPHQL_MAX_TOKENS,
      maxDirectives: env.GRAPHQL_MAX_DIRECTIVES,
      maxCost: env.GRAPHQL_MAX_COST,
      maxBatch: env.GRAPHQL_MAX_BATCH,
    },
    rateLimit: {
      enabled: env.RATE_LIMIT_ENABLED ?? true,
      rules: { ...DEFAULT_RATE_LIMITS, ...env.RATE_LIMITS },
      keyPrefix: env.RATE_LIMIT_KEY_PREFIX,
      ipv6Prefix: env.RATE_LIMIT_IPV6_PREFIX,
    },
  };
}
