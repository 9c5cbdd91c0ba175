import { describe, expect, it } from 'vitest';
import { SecurityEventType, type PublishedSecurityEvent } from '../../src/events/types.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/observability/metrics.js';
import { countSecurityEvents } from '../../src/observability/security-event-listeners.js';

function event(type: SecurityEventType, extra: Partial<PublishedSecurityEvent> = {}): PublishedSecurityEvent {
  return {
    id: 'e',
    type,
    at: new Date(),
    userId: null,
    actorId: null,
    sessionId: null,
    ipAddress: null,
    userAgent: null,
    requestId: null,
    stored: true,
    ...extra,
  };
}

async function sample(metrics: Metrics, series: string): Promise<number> {
  const line = (await metrics.render()).split('\n').find((text) => text.startsWith(`${series} `));
  return Number(line?.split(' ')[1]);
}

describe('login metrics counted from security events', () => {
  it('counts a sign-in, a failed one and a throttled one under their outcomes', async () => {
    const metrics = new Metrics(async () => 0, createLogger('silent'));
    const count = countSecurityEvents(metrics);
    count(event(SecurityEventType.SIGNED_IN));
    count(event(SecurityEventType.SIGN_IN_FAILED, { signInFailure: 'wrong_credentials' }));
    count(event(SecurityEventType.SIGN_IN_FAILED, { signInFailure: 'inactive' }));
    count(event(SecurityEventType.SIGN_IN_FAILED, { signInFailure: 'throttled', stored: false }));
    expect(await sample(metrics, 'cloud_auth_logins_total{outcome="succeeded"}')).toBe(1);
    expect(await sample(metrics, 'cloud_auth_logins_total{outcome="failed"}')).toBe(2);
    expect(await sample(metrics, 'cloud_auth_logins_total{outcome="throttled"}')).toBe(1);
  });

  it('counts refresh-token reuse and nothing for other events', async () => {
    const metrics = new Metrics(async () => 0, createLogger('silent'));
    const count = countSecurityEvents(metrics);
    count(event(SecurityEventType.REFRESH_TOKEN_REUSED));
    count(event(SecurityEventType.SIGNED_OUT));
    count(event(SecurityEventType.PASSWORD_CHANGED));
    expect(await sample(metrics, 'cloud_auth_refresh_token_reuse_total')).toBe(1);
    expect(await sample(metrics, 'cloud_auth_logins_total{outcome="succeeded"}')).toBe(0);
    expect(await sample(metrics, 'cloud_auth_logins_total{outcome="failed"}')).toBe(0);
  });
});
