import type { SessionLiveness } from '../db/stores/session-store.js';

/**
 * Not revoked and not expired: whether a session still lets its tokens in. Expired includes
 * past the session's absolute lifetime (SESSION_MAX_LIFETIME): every write of `expiresAt`
 * (login, refresh, password change) caps it at `createdAt` + that lifetime, so this one
 * comparison covers both without reading anything more.
 */
export const isLive = <T extends { revokedAt: Date | null; expiresAt: Date }>(session: T | null, now = new Date()): session is T =>
  session !== null && session.revokedAt === null && session.expiresAt > now;

/**
 * Whether a session read with its user lets in a token of `userId`: live, that user's, and the
 * account active (a deactivated account's sessions stop at once). The account's state comes
 * from the same statement as the session's (db/stores/session-store.ts), so this costs the hot
 * path nothing.
 */
export const admits = <T extends SessionLiveness>(session: T | null, userId: string, now = new Date()): session is T =>
  isLive(session, now) && session.userId === userId && session.user.isActive;
