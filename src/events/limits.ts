/** Pages of `securityEvents` and `auditLog`: `first` between 1 and this. */
export const EVENTS_PAGE_MAX = 100;
export const SECURITY_EVENTS_PAGE_DEFAULT = 20;
export const AUDIT_LOG_PAGE_DEFAULT = 50;
/** As sessions store it. */
export const USER_AGENT_MAX_LENGTH = 512;
/** The retention prune deletes at most this many rows per statement, so that no delete holds the table long. */
export const PRUNE_BATCH = 1000;
/** How often the prune runs, at most (and sooner for a short retention). */
export const PRUNE_INTERVAL_MAX_MS = 60 * 60 * 1000;
