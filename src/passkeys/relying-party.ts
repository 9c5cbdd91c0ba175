import { decodeClientDataJSON } from '@simplewebauthn/server/helpers';
import type { WebauthnRelyingParty } from '../config/index.js';
import { passkeysNotConfigured } from './errors.js';

const LOCALHOST_ORIGIN = /^https?:\/\/localhost(:\d{1,5})?$/;

/**
 * Who the passkeys are for (config/webauthn.ts): the RP id and name that options carry, and the
 * origins whose ceremonies count. The origin check is ours, made before @simplewebauthn/server
 * verifies the rest, so that development can accept localhost on any port (a browser only lets a
 * page of localhost use the RP id `localhost` anyway).
 */
export class RelyingParty {
  constructor(private readonly settings: WebauthnRelyingParty | undefined) {}

  /** The settings, or FORBIDDEN (PASSKEYS_NOT_CONFIGURED) when passkeys are off. */
  configured(): WebauthnRelyingParty {
    if (!this.settings) throw passkeysNotConfigured();
    return this.settings;
  }

  acceptsOrigin(origin: unknown): origin is string {
    const settings = this.configured();
    if (typeof origin !== 'string') return false;
    return settings.origins.includes(origin) || (settings.allowLocalhostOrigins && LOCALHOST_ORIGIN.test(origin));
  }

  /**
   * The `expectedOrigin` for the library: the response's own origin when it is one of ours, else
   * the configured ones (which then fail the check, with the library's reason).
   */
  expectedOrigins(clientDataJSON: string): string[] {
    let origin: unknown;
    try {
      origin = decodeClientDataJSON(clientDataJSON).origin;
    } catch {
      origin = undefined;
    }
    if (this.acceptsOrigin(origin)) return [origin];
    return this.configured().origins.length > 0 ? this.configured().origins : ['http://localhost'];
  }
}
