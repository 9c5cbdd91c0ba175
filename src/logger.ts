import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * JSON-lines logger. The redact list is a second line of defence: no code path should log
 * a credential in the first place, but if one ever does, these paths are censored.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
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
  });
}
