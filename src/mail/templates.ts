/**
 * The mails the service sends, as plain text and HTML. Small on purpose: one paragraph, the
 * link, how long it works, and what to do when the mail was not expected. Notices (a changed
 * password or address, a registration attempt) carry no link: they tell the owner what happened
 * and what to do if it was not them.
 */

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface LinkMailInput {
  username: string;
  link: string;
  validForSeconds: number;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/** 3600 -> "1 hour", 259200 -> "3 days", 90 -> "90 seconds". */
export function humanDuration(seconds: number): string {
  const units: Array<[number, string]> = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const count = seconds / size;
      return `${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

function render(subject: string, greeting: string, body: string, action: string, input: LinkMailInput, footer: string) {
  const validity = `The link works once, for ${humanDuration(input.validForSeconds)}.`;
  const text = [`${greeting} ${input.username},`, '', body, '', input.link, '', validity, footer, ''].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">',
    `<p>${escapeHtml(greeting)} ${escapeHtml(input.username)},</p>`,
    `<p>${escapeHtml(body)}</p>`,
    `<p><a href="${escapeHtml(input.link)}">${escapeHtml(action)}</a></p>`,
    `<p>${escapeHtml(validity)} ${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

export const activationMail = (input: LinkMailInput): MailContent =>
  render(
    'Activate your account',
    'Hello',
    'Welcome! Open this link to activate your account:',
    'Activate my account',
    input,
    'If you did not create an account, ignore this mail.',
  );

export const passwordResetMail = (input: LinkMailInput): MailContent =>
  render(
    'Reset your password',
    'Hello',
    'Someone (hopefully you) asked to reset the password of your account. Open this link to choose a new one:',
    'Choose a new password',
    input,
    'If you did not ask for this, ignore this mail: your password stays as it is.',
  );

export const emailChangeMail = (input: LinkMailInput): MailContent =>
  render(
    'Confirm your new email address',
    'Hello',
    'Open this link to make this address the email of your account:',
    'Confirm this address',
    input,
    'Until then your account keeps its previous address. If you did not ask for this, ignore this mail.',
  );

export const emailSignInMail = (input: LinkMailInput): MailContent =>
  render(
    'Your sign-in link',
    'Hello',
    'Someone (hopefully you) asked for a link to sign in to your account. Open this link to sign in:',
    'Sign in',
    input,
    'If you did not ask for this, ignore this mail: nobody can sign in without the link.',
  );

/** A mail without a link: a greeting and a few paragraphs. */
function renderNotice(subject: string, username: string, paragraphs: string[]): MailContent {
  const text = `Hello ${username},\n\n${paragraphs.join('\n\n')}\n`;
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">',
    `<p>Hello ${escapeHtml(username)},</p>`,
    ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

const NOT_YOU = 'If this was not you, reset your password at once (ask for a reset link on the sign-in page): resetting it signs out every device.';

/** After changePassword or resetPassword (ASVS 6.3.7: the owner learns of every change to their credentials). */
export const passwordChangedMail = (input: { username: string; how: 'change' | 'reset' }): MailContent =>
  renderNotice('Your password was changed', input.username, [
    input.how === 'reset'
      ? 'The password of your account was just reset with a link mailed to this address. Every device was signed out.'
      : 'The password of your account was just changed by a signed-in user. Every other device was signed out.',
    NOT_YOU,
  ]);

/** To the previous address, once a new one has become the account's. */
export const emailChangedMail = (input: { username: string; newEmail: string }): MailContent =>
  renderNotice('The email address of your account was changed', input.username, [
    `The email address of your account was changed to ${input.newEmail}. This address will get no more mail about the account.`,
    'If this was not you, someone who knows your password has your account: contact support at once.',
  ]);

/** Instead of "already exists" (which would tell anyone that the address has an account). */
export const registrationAttemptMail = (input: { username: string }): MailContent =>
  renderNotice('Someone tried to register with your email address', input.username, [
    `Someone tried to create a new account with this email address, which already belongs to your account (username ${input.username}).`,
    'If it was you, sign in with your username or this address, or reset your password if you forgot it. If it was not you, ignore this mail: nothing was changed.',
  ]);

/** What changed about an account's second factors (each one mailed: ASVS 6.3.7). */
export type SecondFactorChange = 'enabled' | 'disabled' | 'reset_by_admin' | 'recovery_code_used' | 'recovery_codes_regenerated';

const SECOND_FACTOR_NOTICES: Record<SecondFactorChange, { subject: string; what: string }> = {
  enabled: {
    subject: 'Two-factor authentication is on',
    what: 'Two-factor authentication was turned on for your account: signing in now asks for a code from your authenticator app.',
  },
  disabled: {
    subject: 'Two-factor authentication is off',
    what: 'The last authenticator app was removed from your account: signing in no longer asks for a code.',
  },
  reset_by_admin: {
    subject: 'An administrator turned off two-factor authentication',
    what: 'An administrator removed the authenticator apps and recovery codes of your account (for example because you lost your phone). Turn two-factor authentication on again once you are signed in.',
  },
  recovery_code_used: {
    subject: 'A recovery code of your account was used',
    what: 'One of the recovery codes of your account was just used instead of a code from your authenticator app. Each code works once; make new ones if you are running out.',
  },
  recovery_codes_regenerated: {
    subject: 'New recovery codes were made',
    what: 'A new set of recovery codes was made for your account; the previous ones no longer work.',
  },
};

export const secondFactorMail = (input: { username: string; change: SecondFactorChange }): MailContent =>
  renderNotice(SECOND_FACTOR_NOTICES[input.change].subject, input.username, [SECOND_FACTOR_NOTICES[input.change].what, NOT_YOU]);

/** What changed about an account's passkeys (src/passkeys/; each one mailed: ASVS 6.3.7). */
export type PasskeyChange = 'added' | 'removed';

/** The passkey's name is the one its owner gave it (escaped in the HTML like every paragraph). */
export const passkeyMail = (input: { username: string; change: PasskeyChange; passkeyName: string }): MailContent =>
  input.change === 'added'
    ? renderNotice('A passkey was added to your account', input.username, [
        `A passkey named "${input.passkeyName}" was added to your account: it can now sign in to it without a password, and a sign-in with your password asks for it (or another second factor).`,
        'If this was not you, sign in, remove the passkey and reset your password at once: resetting it signs out every device.',
      ])
    : renderNotice('A passkey was removed from your account', input.username, [
        `The passkey named "${input.passkeyName}" was removed from your account: it can no longer sign in to it.`,
        NOT_YOU,
      ]);
