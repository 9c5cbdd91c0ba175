// Types only: nodemailer (about 10 MB of resident memory) is loaded when SMTP_URL is set.
import type * as Nodemailer from 'nodemailer';
import type { Logger } from '../logger.js';

/** One mail, already rendered. `link` is what the reader must click (notices have none); the log transport shows it. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  link?: string;
}

export interface Mailer {
  /** 'smtp' sends; 'log' writes the mail to the log (development); 'disabled' drops it with a warning. */
  readonly kind: 'smtp' | 'log' | 'disabled';
  /** Sends one mail; rejects when the server refuses it or does not answer in time. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailerSettings {
  smtpUrl: string | undefined;
  from: string;
  isProduction: boolean;
}

/**
 * How long any one step of an SMTP conversation (connect, greeting, each reply) may take.
 * Mail goes out after the response, so this never delays a client; it bounds how long a dead or
 * stalled mail server can hold a send (and shutdown's wait for it).
 */
export const SMTP_TIMEOUT_MS = 10_000;

class SmtpMailer implements Mailer {
  readonly kind = 'smtp';
  private readonly transport;

  constructor(url: string, private readonly from: string) {
    const { createTransport } = require('nodemailer') as typeof Nodemailer;
    this.transport = createTransport({
      url,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
    });
  }

  close(): void {
    this.transport.close();
  }
}

/** Development without a mail server: one JSON log line per mail, with the link to click. */
class LogMailer implements Mailer {
  readonly kind = 'log';

  constructor(private readonly logger: Logger) {}

  async send(message: MailMessage): Promise<void> {
    this.logger.info(
      { event: 'mail', to: message.to, subject: message.subject, link: message.link },
      'mail written to the log (SMTP_URL is not set)',
    );
  }

  close(): void {}
}

/** Production without SMTP_URL: a mail's link carries a secret, so it is never logged; the mail is dropped. */
class DisabledMailer implements Mailer {
  readonly kind = 'disabled';

  constructor(private readonly logger: Logger) {}

  async send(message: MailMessage): Promise<void> {
    this.logger.warn({ event: 'mail_dropped', subject: message.subject }, 'mail dropped: SMTP_URL is not set');
  }

  close(): void {}
}

export function createMailer(settings: MailerSettings, logger: Logger): Mailer {
  if (settings.smtpUrl) return new SmtpMailer(settings.smtpUrl, settings.from);
  if (settings.isProduction) {
    logger.warn('SMTP_URL is not set: password-reset and email-change mails will be dropped');
    return new DisabledMailer(logger);
  }
  return new LogMailer(logger);
}
