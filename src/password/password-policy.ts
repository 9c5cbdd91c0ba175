import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Django's four password validators (minimum length, common password, numeric, similarity to
 * the user's attributes), plus an upper bound so that hashing cost stays bounded. Passwords
 * are never truncated: a password over the limit is refused, not shortened.
 */

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;
const MAX_SIMILARITY = 0.7;

let commonPasswords: Set<string> | undefined;

/** 49,233 common passwords from @zxcvbn-ts/language-common, loaded on first use. */
function loadCommonPasswords(): Set<string> {
  if (!commonPasswords) {
    const packageDir = dirname(require.resolve('@zxcvbn-ts/language-common'));
    const list: string[] = JSON.parse(readFileSync(join(packageDir, '..', 'src', 'passwords.json'), 'utf8'));
    commonPasswords = new Set(list.map((entry) => entry.toLowerCase()));
  }
  return commonPasswords;
}

export function commonPasswordCount(): number {
  return loadCommonPasswords().size;
}

const characterCount = (text: string) => [...text].length;

/** Python's difflib SequenceMatcher.quick_ratio: an upper bound on similarity from shared characters. */
export function quickRatio(a: string, b: string): number {
  const available = new Map<string, number>();
  for (const char of b) available.set(char, (available.get(char) ?? 0) + 1);
  let matches = 0;
  for (const char of a) {
    const left = available.get(char) ?? 0;
    if (left > 0) {
      matches += 1;
      available.set(char, left - 1);
    }
  }
  const total = characterCount(a) + characterCount(b);
  return total === 0 ? 1 : (2 * matches) / total;
}

/** As Django: a value far shorter than the password cannot make it "too similar". */
function exceedsMaximumLengthRatio(password: string, value: string): boolean {
  const passwordLength = characterCount(password);
  const valueLength = characterCount(value);
  return passwordLength >= 10 * valueLength && valueLength < (MAX_SIMILARITY / 2) * passwordLength;
}

function isTooSimilar(password: string, attributeValue: string): boolean {
  const lowerPassword = password.toLowerCase();
  const lowerValue = attributeValue.toLowerCase();
  const parts = [...lowerValue.split(/[^\p{L}\p{N}_]+/u), lowerValue].filter(Boolean);
  return parts.some(
    (part) => !exceedsMaximumLengthRatio(lowerPassword, part) && quickRatio(lowerPassword, part) >= MAX_SIMILARITY,
  );
}

export interface PasswordOwner {
  username?: string;
  email?: string;
}

/** Every reason the password is refused, in Django's words; empty when it is acceptable. */
export function passwordProblems(password: string, owner: PasswordOwner = {}): string[] {
  const problems: string[] = [];
  const length = characterCount(password);
  if (length < PASSWORD_MIN_LENGTH) {
    problems.push(`This password is too short. It must contain at least ${PASSWORD_MIN_LENGTH} characters.`);
  }
  if (length > PASSWORD_MAX_LENGTH) {
    problems.push(`This password is too long. It must contain at most ${PASSWORD_MAX_LENGTH} characters.`);
  }
  if (owner.username && isTooSimilar(password, owner.username)) {
    problems.push('The password is too similar to the username.');
  }
  if (owner.email && isTooSimilar(password, owner.email)) {
    problems.push('The password is too similar to the email address.');
  }
  if (loadCommonPasswords().has(password.trim().toLowerCase())) {
    problems.push('This password is too common.');
  }
  if (/^\p{Nd}+$/u.test(password)) {
    problems.push('This password is entirely numeric.');
  }
  return problems;
}
