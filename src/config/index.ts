import { z } from 'zod';
import { databaseEnv, databaseSettings, type DatabaseSettings } from './database.js';
import { eventsEnv, eventsSettings, type EventsSettings } from './events.js';
import { checkKeysForProduction, keysEnv, keysSettings, type KeysSettings } from './keys.js';
import { limitsEnv, limitsSettings, type LimitsSettings } from './limits.js';
import { checkMailForProduction, mailEnv, mailSettings, type MailSettings } from './mail.js';
import { mfaEnv, mfaSettings, type MfaSettings } from './mfa.js';
import { providersEnv, providersRefinement, providersSettings, type ProvidersSettings } from './providers.js';
import { serverEnv, serverSettings, type ServerSettings } from './server.js';
import { checkTokensForProduction, tokensEnv, tokensSettings, type TokensSettings } from './tokens.js';
import { checkWebauthn, webauthnEnv, webauthnSettings, type WebauthnSettings } from './webauthn.js';

/**
 * Every environment variable the service reads, parsed and validated once, one slice per concern.
 * Nothing else in the code reads process.env: everything receives a Config.
 */

export type { DatabaseConfig } from './database.js';
export type { GraphQLLimits, RateLimitConfig } from './limits.js';
export { parseDurationSeconds, parseOrigins, parseRateLimitOverrides, parseTrustProxy, type TrustProxy } from './parsers.js';
export { APOLLO_STUDIO_ORIGIN, type CorsConfig } from './server.js';
export { isAsymmetric, type AsymmetricAlgorithm, type SigningAlgorithm } from './keys.js';
export type { WebauthnRelyingParty } from './webauthn.js';

export type Config = ServerSettings &
  DatabaseSettings &
  TokensSettings &
  LimitsSettings &
  MailSettings &
  EventsSettings &
  KeysSettings &
  MfaSettings &
  WebauthnSettings &
  ProvidersSettings;
export type { IdentityProviderConfig } from './providers.js';

const envSchema = z
  .object({
    ...serverEnv.shape,
    ...databaseEnv.shape,
    ...tokensEnv.shape,
    ...limitsEnv.shape,
    ...mailEnv.shape,
    ...eventsEnv.shape,
    ...keysEnv.shape,
    ...mfaEnv.shape,
    ...webauthnEnv.shape,
    ...providersEnv.shape,
  })
  .superRefine((env, ctx) => {
    checkWebauthn(env, env.NODE_ENV === 'production', ctx);
    providersRefinement(env, ctx);
    if (env.NODE_ENV !== 'production') return;
    checkTokensForProduction(env, ctx);
    checkKeysForProduction(env, ctx);
    checkMailForProduction(env, ctx);
  });

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Treat empty strings as unset, as a shell's `VAR=` usually means "no value".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = issue.path.join('.') || 'environment';
    throw new ConfigError(`Invalid configuration: ${variable} ${issue.message}`);
  }
  const parsed = result.data;
  return {
    ...serverSettings(parsed),
    ...databaseSettings(parsed),
    ...tokensSettings(parsed),
    ...limitsSettings(parsed),
    ...mailSettings(parsed),
    ...eventsSettings(parsed),
    ...keysSettings(parsed),
    ...mfaSettings(parsed),
    ...webauthnSettings(parsed, parsed.NODE_ENV === 'production'),
    ...providersSettings(parsed),
  };
}
