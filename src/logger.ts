import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * JSON-lines logger. The redact list is a second line of defence: no code path should log
 * a credential in the first place, but if one ever does, these paths are censored.
 * `destination` defaults to stdout (tests pass a stream of their own).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: undefined,
    serializers: { err: serializeError },
    redact: {
      paths: [
        'password',
        '*.password',
        '*.currentPassword',
        '*.newPassword',
        '*.passwordConfirm',
        '*.newPasswordConfirm',
        'token',
        '*.token',
        '*.refreshToken',
        '*.accessToken',
        'req.headers.authorization',
        'req.headers.cookie',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Properties of database driver errors that hold the statement or the values bound to it
 * (knex/MikroORM: `sql`, `bindings`, `params`; pg: `detail` repeats a duplicate key's value,
 * `where`/`internalQuery` the failing statement). A bound value can be a password hash.
 */
const STATEMENT_PROPERTIES = ['sql', 'sqlMessage', 'bindings', 'params', 'parameters', 'query', 'values', 'detail', 'where', 'internalQuery'];

/** A message that quotes an SQL statement: MikroORM's driver errors begin with it, values inlined. */
const SQL_STATEMENT = /\b(?:insert\s+into|update\s+\S+\s+set|delete\s+from|select\s[\s\S]*?\sfrom)\b/i;
/** A quoted SQL literal (quotes inside are doubled; pg's E'…' form doubles backslashes). */
const SQL_LITERAL = /'(?:[^']|'')*'/g;

const withoutLiterals = (text: string) => (SQL_STATEMENT.test(text) ? text.replace(SQL_LITERAL, '?') : text);

/**
 * pino's error serializer, minus whatever could carry the values of an SQL statement: the
 * driver's statement properties are dropped, and in a message or stack that quotes a statement
 * every literal becomes `?` (the statement's shape and the driver's reason stay, to debug by).
 */
export function serializeError(error: unknown): unknown {
  return scrub(pino.stdSerializers.err(error as Error), 0);
}

function scrub(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > 5) return value;
  const safe: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of STATEMENT_PROPERTIES) delete safe[key];
  for (const [key, field] of Object.entries(safe)) {
    if (typeof field === 'string') safe[key] = withoutLiterals(field);
    else if (Array.isArray(field)) safe[key] = field.map((item) => scrub(item, depth + 1));
    else if (typeof field === 'object' && field !== null && 'stack' in field) safe[key] = scrub(field, depth + 1);
  }
  return safe;
}
