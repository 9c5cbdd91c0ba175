import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail as the test SMTP server received it. */
export interface ReceivedMail {
  /** The sender's address and display name. */
  from: string;
  fromName: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The first link of the plain-text body, and the token in it. */
  link: string | null;
  token: string | null;
}

export interface TestSmtpServer {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  /** Everything received so far, in order. */
  mails: ReceivedMail[];
  mailsTo(address: string): ReceivedMail[];
  /** The `nth` (1-based) mail to `address`, waiting for it up to `timeoutMs`. */
  waitForMail(address: string, nth?: number, timeoutMs?: number): Promise<ReceivedMail>;
  stop(): Promise<void>;
}

const LINK_PATTERN = /https?:\/\/\S+/;
const TOKEN_PATTERN = /[?&#]token=([A-Za-z0-9_-]+)/;

export function tokenOf(mail: ReceivedMail): string {
  if (!mail.token) throw new Error(`no token in mail "${mail.subject}": ${mail.text}`);
  return mail.token;
}

/**
 * A real SMTP server on 127.0.0.1 and a free port (the `smtp-server` package), keeping every
 * mail it accepts, parsed with `mailparser`. `delayMs` stalls each mail's final reply, like a
 * slow mail server.
 */
export async function startSmtpServer(options: { delayMs?: number } = {}): Promise<TestSmtpServer> {
  const mails: ReceivedMail[] = [];
  const arrivals = new EventEmitter();
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
          const text = parsed.text ?? '';
          const link = LINK_PATTERN.exec(text)?.[0] ?? null;
          const toField = Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : [];
          mails.push({
            from: parsed.from?.value[0]?.address ?? '',
            fromName: parsed.from?.value[0]?.name ?? '',
            to: toField.flatMap((address) => address.value.map((entry) => (entry.address ?? '').toLowerCase())),
            subject: parsed.subject ?? '',
            text,
            html: typeof parsed.html === 'string' ? parsed.html : '',
            link,
            token: link ? (TOKEN_PATTERN.exec(link)?.[1] ?? null) : null,
          });
          arrivals.emit('mail');
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  const mailsTo = (address: string) => mails.filter((mail) => mail.to.includes(address.toLowerCase()));

  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    mailsTo,
    waitForMail(address, nth = 1, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = mailsTo(address)[nth - 1];
          if (!found) return false;
          clearTimeout(timer);
          arrivals.off('mail', check);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          arrivals.off('mail', check);
          reject(new Error(`no mail #${nth} to ${address} within ${timeoutMs} ms (got ${mails.length} mails in all)`));
        }, timeoutMs);
        if (!check()) arrivals.on('mail', check);
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
