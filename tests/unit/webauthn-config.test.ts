import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { PRODUCTION_SECRET } from '../helpers/production-secret.js';

const production = { NODE_ENV: 'production', JWT_SECRET: PRODUCTION_SECRET };
const relyingParty = { WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_RP_NAME: 'Example', WEBAUTHN_ORIGINS: 'https://example.com, https://app.example.com' };

describe('WebAuthn relying-party configuration', () => {
  it('defaults to the RP id localhost and any localhost origin outside production', () => {
    expect(loadConfig({}).webauthn).toEqual({ rpId: 'localhost', rpName: 'cloud-auth', origins: [], allowLocalhostOrigins: true });
    expect(loadConfig({ NODE_ENV: 'test' }).webauthn?.rpId).toBe('localhost');
  });

  it('reads the three settings, exact origins only', () => {
    expect(loadConfig(relyingParty).webauthn).toEqual({
      rpId: 'example.com',
      rpName: 'Example',
      origins: ['https://example.com', 'https://app.example.com'],
      allowLocalhostOrigins: false,
    });
    expect(loadConfig({ ...production, ...relyingParty }).webauthn?.origins).toHaveLength(2);
  });

  it('leaves passkeys off in production until configured, and then needs all three', () => {
    expect(loadConfig(production).webauthn).toBeUndefined();
    expect(() => loadConfig({ ...production, WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_ORIGINS: 'https://example.com' })).toThrow(
      'Invalid configuration: WEBAUTHN_RP_NAME is required when NODE_ENV=production and passkeys are configured',
    );
  });

  it('refuses an RP id that is not a domain, and origins that cannot use it', () => {
    expect(() => loadConfig({ WEBAUTHN_RP_ID: 'https://example.com' })).toThrow(/^Invalid configuration: WEBAUTHN_RP_ID must be a domain name/);
    expect(() => loadConfig({ ...relyingParty, WEBAUTHN_ORIGINS: 'https://example.org' })).toThrow(
      /^Invalid configuration: WEBAUTHN_ORIGINS has "https:\/\/example.org", which cannot use the RP id "example.com"/,
    );
    expect(() => loadConfig({ ...relyingParty, WEBAUTHN_ORIGINS: 'http://app.example.com' })).toThrow(/^Invalid configuration: WEBAUTHN_ORIGINS has "http:\/\/app.example.com"/);
    expect(() => loadConfig({ ...relyingParty, WEBAUTHN_ORIGINS: 'https://notexample.com' })).toThrow(/^Invalid configuration: WEBAUTHN_ORIGINS/);
    expect(() => loadConfig({ ...relyingParty, WEBAUTHN_ORIGINS: 'https://example.com/login' })).toThrow(/^Invalid configuration: WEBAUTHN_ORIGINS/);
    expect(loadConfig({ WEBAUTHN_ORIGINS: 'http://localhost:5173' }).webauthn).toMatchObject({ rpId: 'localhost', origins: ['http://localhost:5173'], allowLocalhostOrigins: false });
  });
});
