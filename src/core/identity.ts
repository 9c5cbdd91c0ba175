// validator's isEmail is the check class-validator's isEmail wraps; importing it alone keeps
// class-validator's index (and the phone-number metadata it loads, about 1.6 MB of heap) out of
// the server.
import isEmail from 'validator/lib/isEmail';

/**
 * Usernames and email addresses: how they are validated and how they are compared.
 * Usernames follow Django's rule (letters, digits and @ . + - _, at most 150 characters)
 * and are unique on their NFKC + case-folded form; emails are unique case-insensitively.
 */

export const USERNAME_MAX_LENGTH = 150;
/** Also the size of the `email` and `email_key` columns (db/entities/User.ts, the first migration). */
export const EMAIL_MAX_LENGTH = 254;

const USERNAME_PATTERN = /^[\p{L}\p{N}_.@+-]+$/u;

/** The form stored and shown: Unicode NFKC, so that look-alike compositions are one name. */
export function normalizeUsername(username: string): string {
  return username.normalize('NFKC');
}

/** The comparison key: NFKC then a full case fold (upper then lower folds "ß" and "SS" together). */
export function usernameKey(username: string): string {
  return normalizeUsername(username).toUpperCase().toLowerCase().normalize('NFKC');
}

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export function usernameProblems(username: string): string[] {
  const normalized = normalizeUsername(username);
  if (normalized.length === 0) return ['This field is required.'];
  const problems: string[] = [];
  if ([...normalized].length > USERNAME_MAX_LENGTH) {
    problems.push(`Ensure this value has at most ${USERNAME_MAX_LENGTH} characters.`);
  }
  if (!USERNAME_PATTERN.test(normalized)) {
    problems.push('Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.');
  }
  return problems;
}

/**
 * Lower-casing can lengthen an address ("İ" becomes "i" + a combining dot), so the stored key is
 * checked against its column too: a key that does not fit would otherwise be a database error
 * (PostgreSQL) or a key longer than the column says (SQLite). Lengths are counted in UTF-16
 * units, never fewer than the characters PostgreSQL counts.
 */
export function emailProblems(email: string): string[] {
  if (email.length === 0) return ['This field is required.'];
  if (email.length > EMAIL_MAX_LENGTH) return [`Ensure this value has at most ${EMAIL_MAX_LENGTH} characters.`];
  if (!isEmail(email)) return ['Enter a valid email address.'];
  if (emailKey(email).length > EMAIL_MAX_LENGTH) {
    return [`Ensure this value has at most ${EMAIL_MAX_LENGTH} characters once lower-cased.`];
  }
  return [];
}
