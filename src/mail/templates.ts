/**
 * The mails the service sends, as plain text and HTML. Small on purpose: one paragraph, the
 * link, how long it works, and what to do when the mail was not expected.
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
