import type { Logger } from '../logger.js';
import { AccountService } from './accounts.js';
import { SessionService } from './sessions.js';
import { TokenService, type TokenSettings } from './tokens.js';

/** The service layer, wired once at start-up and shared by every request. */
export interface Services {
  tokens: TokenService;
  sessions: SessionService;
  accounts: AccountService;
}

export function createServices(settings: TokenSettings, logger: Logger): Services {
  const tokens = new TokenService(settings);
  const sessions = new SessionService(tokens, logger);
  const accounts = new AccountService(sessions);
  return { tokens, sessions, accounts };
}
