/** What the service layer knows of the HTTP request that started an operation. */
export interface RequestMeta {
  requestId: string;
  ipAddress: string | null;
  userAgent: string | null;
}

/** The verified caller of a request: whose access token, of which live session. */
export interface AuthIdentity {
  userId: string;
  sessionId: string;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from clients are checked before they reach a query (PostgreSQL rejects a malformed uuid). */
export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);
