import type { Logger } from '../logger.js';
import type { BackgroundTasks } from '../util/background.js';
import type { Mailer } from './mailer.js';
import {
  activationMail,
  emailChangedMail,
  emailSignInMail,
  emailChangeMail,
  passwordChangedMail,
  passwordResetMail,
  registrationAttemptMail,
  passkeyMail,
  secondFactorMail,
  type PasskeyChange,
  type SecondFactorChange,
  type LinkMailInput,
  type MailContent,
} from './templates.js';

export interface AccountMailSettings {
  /** URL templates; `{token}` is replaced by the token. */
  activationUrl: string;
  passwordResetUrl: string;
  activationTtlSeconds: number;
  passwordResetTtlSeconds: number;
  /** EMAIL_SIGN_IN_URL and its links' lifetime (src/providers/email-link.ts). */
  emailSignInUrl: string;
  emailSignInTtlSeconds: number;
}

export const buildLink = (template: string, token: string) => template.replaceAll('{token}', encodeURIComponent(token));

/**
 * The mails of the account lifecycle: links (activation, reset, email confirmation) and notices
 * of changes (password, address) and of registration attempts. Each is queued to go out after the response (and after
 * the database change it announces has been committed): a slow or dead mail server never
 * delays or fails a request, and a failed send is logged; the user can ask again.
 */
export class AccountMail {
  constructor(
    private readonly mailer: Mailer,
    private readonly background: BackgroundTasks,
    private readonly settings: AccountMailSettings,
    private readonly logger: Logger,
  ) {}

  activation(to: string, username: string, token: string): void {
    const link = buildLink(this.settings.activationUrl, token);
    this.queue('activation', to, link, activationMail({ username, link, validForSeconds: this.settings.activationTtlSeconds }));
  }

  /** Confirms a new address; the link is the activation link (activateAccount takes both kinds of token). */
  emailChange(to: string, username: string, token: string): void {
    const link = buildLink(this.settings.activationUrl, token);
    this.queue('email_change', to, link, emailChangeMail({ username, link, validForSeconds: this.settings.activationTtlSeconds }));
  }

  passwordReset(to: string, username: string, token: string): void {
    const link = buildLink(this.settings.passwordResetUrl, token);
    const input: LinkMailInput = { username, link, validForSeconds: this.settings.passwordResetTtlSeconds };
    this.queue('password_reset', to, link, passwordResetMail(input));
  }

  /** A sign-in link (requestEmailSignIn). */
  emailSignIn(to: string, username: string, token: string): void {
    const link = buildLink(this.settings.emailSignInUrl, token);
    this.queue('email_sign_in', to, link, emailSignInMail({ username, link, validForSeconds: this.settings.emailSignInTtlSeconds }));
  }

  /** Tells the owner that the password was changed (changePassword) or reset (resetPassword). */
  passwordChanged(to: string, username: string, how: 'change' | 'reset'): void {
    this.queue('password_changed', to, undefined, passwordChangedMail({ username, how }));
  }

  /** Tells the previous address that the account now has another one. */
  emailChanged(previousAddress: string, username: string, newEmail: string): void {
    this.queue('email_changed', previousAddress, undefined, emailChangedMail({ username, newEmail }));
  }

  /** Tells the owner of an address that someone tried to register with it (activation required). */
  registrationAttempt(to: string, username: string): void {
    this.queue('registration_attempt', to, undefined, registrationAttemptMail({ username }));
  }

  /** Tells the owner of a change to the account's second factors (src/mfa/). */
  secondFactorChanged(to: string, username: string, change: SecondFactorChange): void {
    this.queue(`second_factor_${change}`, to, undefined, secondFactorMail({ username, change }));
  }

  /** Tells the owner that a passkey was added to or removed from the account (src/passkeys/). */
  passkeyChanged(to: string, username: string, change: PasskeyChange, passkeyName: string): void {
    this.queue(`passkey_${change}`, to, undefined, passkeyMail({ username, change, passkeyName }));
  }

  private queue(kind: string, to: string, link: string | undefined, content: MailContent): void {
    this.background.run(`mail:${kind}`, async () => {
      const started = Date.now();
      try {
        await this.mailer.send({ to, link, ...content });
        if (this.mailer.kind === 'smtp') this.logger.info({ event: 'mail_sent', kind, ms: Date.now() - started }, 'mail sent');
      } catch (error) {
        // Never the link (it carries the token): only what an operator needs to see why mail fails.
        const { code, responseCode } = (error ?? {}) as { code?: string; responseCode?: number };
        this.logger.error(
          {
            event: 'mail_failed',
            kind,
            ms: Date.now() - started,
            code,
            responseCode,
            reason: error instanceof Error ? error.message : String(error),
          },
          'mail could not be sent; the user can ask for it again',
        );
      }
    });
  }
}
