import { ConfigError } from '../config/index.js';
import { AppError } from '../errors.js';

/** A command line that cannot be understood: its message is the usage, exit code 2. */
export class UsageError extends Error {}

/**
 * The field errors of a BAD_USER_INPUT AppError (what a service refused and why), or undefined
 * for any other error, which the command lets through to `runCommand`.
 */
export function refusal(error: unknown): Record<string, string[]> | undefined {
  if (!(error instanceof AppError) || error.code !== 'BAD_USER_INPUT') return undefined;
  return (error.details.fieldErrors ?? {}) as Record<string, string[]>;
}

/**
 * Runs a CLI's `main` and exits with its code: 2 with the usage for a UsageError or the one line
 * of a ConfigError (the server's own configuration, read with loadConfig), 1 with one
 * line `<name> failed: <message>` for anything else thrown (never a stack trace: an operator
 * reads it, and a message never holds a secret).
 */
export function runCommand(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error) => {
      if (error instanceof UsageError || error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(2);
      }
      process.stderr.write(`${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
