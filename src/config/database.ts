import { z } from 'zod';
import { parsedWith } from './parsers.js';

/** Where data lives: the database, and the shared store for cross-instance state. */

export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgresql'; url: string };

function parseDatabaseUrl(text: string): DatabaseConfig | string {
  if (text.startsWith('sqlite:')) {
    const path = text.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path) return { kind: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(text)) return { kind: 'postgresql', url: text };
  return 'must be sqlite:<path> or postgres://user:pass@host:port/db';
}

export const databaseEnv = z.object({
  DATABASE_URL: z.string().default('sqlite:./data/auth.db').transform(parsedWith(parseDatabaseUrl)),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be redis://host:port[/db] or rediss://…')
    .optional(),
});

export interface DatabaseSettings {
  database: DatabaseConfig;
  /** Shared store for rate limits (and whatever else needs cross-instance state); unset: in memory. */
  redisUrl: string | undefined;
}

export function databaseSettings(env: z.output<typeof databaseEnv>): DatabaseSettings {
  return { database: env.DATABASE_URL, redisUrl: env.REDIS_URL };
}
