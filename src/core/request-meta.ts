import type { Role } from '../db/entities/index.js';

/** What the service layer knows of the HTTP request that started an operation. */
export interface RequestMeta {
  requestId: string;
  ipAddress: string | null;
  userAgent: string | null;
}

/** The public fields of an account, as read for this request (never its password hash). */
export interface CallerProfile {
  id: string;
  username: string;
  email: string;
  role: Role;
  isActive: boolean;
  dateJoined: Date;
  lastLogin: Date | null;
  /** A confirmed second factor: login asks for it, sensitive changes need a two-factor proof. */
  mfaEnabled: boolean;
}

/** The profile of an account as just read (an entity is one), with the lastLogin of the sign-in under way. */
export function profileOf(user: Omit<CallerProfile, 'lastLogin'>, lastLogin: Date | null): CallerProfile {
  const { id, username, email, role, isActive, dateJoined, mfaEnabled } = user;
  return { id, username, email, role, isActive, dateJoined, lastLogin, mfaEnabled };
}

/** The verified caller of a request: whose access token, of which live session. */
export interface AuthIdentity {
  userId: string;
  sessionId: string;
  /** The caller's account, read with the session by this request's check (so never stale). */
  user: CallerProfile;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from clients are checked before they reach a query (PostgreSQL rejects a malformed uuid). */
export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);
