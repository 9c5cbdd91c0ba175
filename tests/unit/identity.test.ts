import { describe, expect, it } from 'vitest';
import { emailKey, emailProblems, usernameKey, usernameProblems } from '../../src/core/identity.js';

describe('usernames and emails', () => {
  it('folds case and Unicode compatibility forms into one key', () => {
    expect(usernameKey('Straße')).toBe(usernameKey('STRASSE'));
    expect(usernameKey('ﬁnch')).toBe(usernameKey('Finch'));
    expect(usernameKey('Ｆｕｌｌｗｉｄｔｈ')).toBe(usernameKey('fullwidth'));
  });

  it("follows Django's username characters", () => {
    expect(usernameProblems('a.b+c-d_e@f')).toEqual([]);
    expect(usernameProblems('has space')).toHaveLength(1);
    expect(usernameProblems('semi;colon')).toHaveLength(1);
  });

  it('compares emails case-insensitively and validates their form', () => {
    expect(emailKey('Bob@Example.COM')).toBe('bob@example.com');
    expect(emailProblems('bob@example.com')).toEqual([]);
    expect(emailProblems('bob@')).toEqual(['Enter a valid email address.']);
    expect(emailProblems(`${'a'.repeat(250)}@x.io`)).toEqual(['Ensure this value has at most 254 characters.']);
  });
});
