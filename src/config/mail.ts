import { z } from 'zod';
import { booleanFlag, duration, linkTemplate } from './parsers.js';

/** Mail and the account lifecycle it carries: activation, password reset, email change. */

export const mailEnv = z.object({
  REQUIRE_EMAIL_ACTIVATION: booleanFlag(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, { message: 'must be smtp://[user:pass@]host[:port] or smtps://…' })
    .optional(),
  MAIL_FROM: z.string().min(3).default('cloud-auth <no-reply@localhost>'),
  ACTIVATION_URL: linkTemplate('http://localhost:3000/activate?token={token}'),
  PASSWORD_RESET_URL: linkTemplate('http://localhost:3000/reset-password?token={token}'),
  ACTIVATION_TOKEN_TTL: duration('3d'),
  PASSWORD_RESET_TOKEN_TTL: duration('1h'),
});

export interface MailSettings {
  /** New accounts stay inactive until the mailed token is used; a new email waits for confirmation. */
  requireEmailActivation: boolean;
  /** Undefined: mail is written to the log (development) or dropped with a warning (production). */
  smtpUrl: string | undefined;
  mailFrom: string;
  activationUrl: string;
  passwordResetUrl: string;
  activationTokenTtlSeconds: number;
  passwordResetTokenTtlSeconds: number;
}

export function mailSettings(env: z.output<typeof mailEnv>): MailSettings {
  return {
    requireEmailActivation: env.REQUIRE_EMAIL_ACTIVATION ?? false,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    activationUrl: env.ACTIVATION_URL,
    passwordResetUrl: env.PASSWORD_RESET_URL,
    activationTokenTtlSeconds: env.ACTIVATION_TOKEN_TTL,
    passwordResetTokenTtlSeconds: env.PASSWORD_RESET_TOKEN_TTL,
  };
}

/** Production never logs a mail's link (it carries a secret token), so activation needs real mail. */
export function checkMailForProduction(env: z.output<typeof mailEnv>, ctx: z.RefinementCtx): void {
  if (env.REQUIRE_EMAIL_ACTIVATION && env.SMTP_URL === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['SMTP_URL'],
      message: 'is required when NODE_ENV=production and REQUIRE_EMAIL_ACTIVATION=true',
    });
  }
}
