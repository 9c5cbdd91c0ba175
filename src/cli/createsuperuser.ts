import '../threadpool.js';
import 'reflect-metadata';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { createServices, lifecycleSettings, tokenSettings } from '../services.js';
import { Role } from '../db/entities/index.js';
import { loadConfig } from '../config/index.js';
import { openDatabase } from '../db/orm.js';
import { createLogger } from '../logger.js';
import { refusal, runCommand, UsageError } from './run-command.js';

/**
 * `npm run createsuperuser -- --username U --email E --password P`
 *
 * Creates an active ADMIN through register's own validation (the same messages), on the
 * database of DATABASE_URL, also while the server runs on it (SQLite WAL + busy timeout).
 * Missing values are asked for when run in a terminal; otherwise it stops with a clear message.
 * Exit codes: 0 created, 1 refused (invalid or taken), 2 usage or configuration.
 */

const USAGE = 'usage: npm run createsuperuser -- --username <name> --email <address> --password <password>';

interface Answers {
  username: string;
  email: string;
  password: string;
}

function parseArguments(argv: string[]): Partial<Answers> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { username: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    return values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

/** Reads a line without echoing it (for the password). */
async function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  // Echo goes off before the prompt shows, so that nothing typed in answer to it is echoed.
  stdin.setRawMode(true);
  process.stdout.write(question);
  stdin.resume();
  stdin.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (chunk: string) => {
        for (const char of chunk) {
          if (char === '\r' || char === '\n') {
            stdin.off('data', onData);
            process.stdout.write('\n');
            resolve(typed);
            return;
          }
          if (char === '\u0003') {
            stdin.off('data', onData);
            reject(new UsageError('cancelled'));
            return;
          }
          typed = char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
}

async function completeAnswers(given: Partial<Answers>): Promise<Answers & { passwordConfirm: string }> {
  const missing = (['username', 'email', 'password'] as const).filter((name) => given[name] === undefined);
  if (missing.length === 0) return { ...(given as Answers), passwordConfirm: given.password! };
  if (!process.stdin.isTTY) {
    throw new UsageError(
      `Missing ${missing.map((name) => `--${name}`).join(', ')} (standard input is not a terminal, so nothing can be asked).\n${USAGE}`,
    );
  }
  const answers = { ...given };
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    if (answers.username === undefined) answers.username = (await prompt.question('Username: ')).trim();
    if (answers.email === undefined) answers.email = (await prompt.question('Email address: ')).trim();
  } finally {
    prompt.close();
  }
  if (answers.password === undefined) {
    const password = await askHidden('Password: ');
    const passwordConfirm = await askHidden('Password (again): ');
    return { ...(answers as Answers), password, passwordConfirm };
  }
  return { ...(answers as Answers), passwordConfirm: answers.password };
}

async function main(): Promise<number> {
  const config = loadConfig();
  const answers = await completeAnswers(parseArguments(process.argv.slice(2)));
  // Quiet unless asked: the command's own output is its result.
  const logger = createLogger(['debug', 'trace'].includes(config.logLevel) ? config.logLevel : 'error');
  const orm = await openDatabase(config.database, logger);
  try {
    // The service wiring of the server; only register is used, so the token key signs nothing.
    const secret = randomBytes(32).toString('hex');
    const { accounts } = createServices(tokenSettings(config, secret), logger, lifecycleSettings(config));
    const user = await accounts.register(orm.em.fork(), answers, { role: Role.ADMIN, isActive: true });
    process.stdout.write(`Superuser "${user.username}" <${user.email}> created (id ${user.id}).\n`);
    return 0;
  } catch (error) {
    const fieldErrors = refusal(error);
    if (fieldErrors) {
      process.stderr.write('Superuser not created:\n');
      for (const [field, messages] of Object.entries(fieldErrors)) {
        for (const message of messages) process.stderr.write(`  ${field === 'passwordConfirm' ? 'password (again)' : field}: ${message}\n`);
      }
      return 1;
    }
    throw error;
  } finally {
    await orm.close();
  }
}

runCommand('createsuperuser', main);
