import type { Logger } from '../logger.js';
import { AccountService } from './accounts.js';
import { RateLimits } from './rate-limit.js';
import { SessionService } from './sessions.js';
import { TokenService, type TokenSettings } from './tokens.js';

/** The service layer, wired once at start-up and shared by every request. */
export interface Services {
  tokens: TokenService;
  sessions: SessionService;
  accounts: AccountService;
  /** Named throttles (auth/rate-limit-defaults.ts) for services and the GraphQL layer to spend. */
  rateLimits: RateLimits;
}

export function createServices(
  settings: TokenSettings,
  logger: Logger,
  rateLimits: RateLimits = RateLimits.disabled(),
): Services {
  const tokens = new TokenService(settings);
  const sessions = new SessionService(tokens, logger);
  const accounts = new AccountService(sessions, rateLimits);
  return { tokens, sessions, accounts, rateLimits };
}
