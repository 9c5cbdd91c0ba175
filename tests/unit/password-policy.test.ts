import { describe, expect, it } from 'vitest';
import { commonPasswordCount, passwordProblems, quickRatio } from '../../src/password/password-policy.js';

describe('password policy (Django\'s four validators)', () => {
  it('ships a common-password list of at least 20,000 entries', () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(20_000);
  });

  it('accepts a long, uncommon password unrelated to the user', () => {
    expect(passwordProblems('violet-Mountain-47-river', { username: 'alice', email: 'alice@example.com' })).toEqual([]);
  });

  it('counts characters, not bytes, for the length bounds', () => {
    expect(passwordProblems('ñandú-ßé', {})).toEqual([]); // 8 characters, 12 bytes
    expect(passwordProblems('🔑🔑🔑🔑🔑🔑🔑', {})[0]).toMatch(/too short/);
  });

  it('finds common passwords regardless of case and surrounding spaces', () => {
    expect(passwordProblems(' PassWord1 ', {})).toContain('This password is too common.');
  });

  it('flags digits-only passwords, including non-ASCII digits', () => {
    expect(passwordProblems('٣٤٥٦٧٨٩٠١٢', {})).toContain('This password is entirely numeric.');
  });

  it('compares with each part of the email and with the whole of it', () => {
    expect(passwordProblems('jonathan.smithe', { email: 'jonathan.smith@corp.example' })).toContain(
      'The password is too similar to the email address.',
    );
  });

  it('does not call a long password similar to a very short username', () => {
    expect(passwordProblems('a-quite-long-passphrase-here', { username: 'al' })).toEqual([]);
  });

  it('computes difflib\'s quick_ratio', () => {
    expect(quickRatio('abcd', 'bcde')).toBeCloseTo(0.75);
    expect(quickRatio('', '')).toBe(1);
  });
});
