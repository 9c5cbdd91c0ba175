import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenService } from '../../src/tokens/tokens.js';

const settings = {
  secret: 'unit-test-secret-that-is-long-enough-0123456789',
  issuer: 'cloud-auth',
  audience: 'cloud-auth',
  accessTtlSeconds: 60,
  refreshTtlSeconds: 600,
  sessionMaxLifetimeSeconds: 3600,
};
const subject = { userId: '0b9c1f4e-2a55-4c4f-9d7e-3f1a2b3c4d5e', sessionId: '6f1e2d3c-4b5a-4968-8776-655443322110' };

describe('access-token verification, repeated', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps refusing a token once it expires, even after it verified before', () => {
    vi.useFakeTimers({ now: new Date('2026-11-25T10:00:00Z') });
    const tokens = new TokenService(settings);
    const { token } = tokens.sign('access', subject);
    expect(tokens.verify('access', token)?.sessionId).toBe(subject.sessionId);
    expect(tokens.verify('access', token)?.sessionId).toBe(subject.sessionId);
    vi.setSystemTime(new Date('2026-11-25T10:01:01Z'));
    expect(tokens.verify('access', token)).toBeNull();
  });

  it('never lets a verified access token pass as a refresh token, nor a tampered copy pass', () => {
    const tokens = new TokenService(settings);
    const { token } = tokens.sign('access', subject);
    expect(tokens.verify('access', token)).not.toBeNull();
    expect(tokens.verify('refresh', token)).toBeNull();
    const [header, payload, signature] = token.split('.');
    const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
    expect(tokens.verify('access', [header, payload, flipped].join('.'))).toBeNull();
    expect(tokens.verify('access', `${header}.${payload}.`)).toBeNull();
  });

  it('does not accept a token signed by another secret after verifying ours', () => {
    const ours = new TokenService(settings);
    const theirs = new TokenService({ ...settings, secret: 'another-secret-that-is-long-enough-9876543210' });
    const { token } = ours.sign('access', subject);
    expect(ours.verify('access', token)).not.toBeNull();
    expect(theirs.verify('access', token)).toBeNull();
  });
});
