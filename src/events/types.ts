import type { RequestMeta } from '../core/request-meta.js';
import { SecurityEventType } from '../db/entities/index.js';
import type { SecurityEventRow } from '../db/stores/security-events.store.js';

export { SecurityEventType };

/**
 * Why a sign-in failed, for the listeners (metrics count `throttled` apart); never stored, and
 * never the password tried.
 */
export type SignInFailure =
  | 'wrong_credentials'
  | 'wrong_second_factor'
  | 'inactive'
  | 'throttled'
  /** A passkey's response failed verification (signature, origin, RP id, user verification). */
  | 'passkey_not_verified'
  /** A passkey's signature counter went backwards: a cloned authenticator (src/passkeys/). */
  | 'cloned_authenticator';

/** What a service says happened. The time, the id and the request's address come from the sink. */
export interface SecurityEventInput {
  type: SecurityEventType;
  /** The account it is about; null for a failed sign-in of a name that matches no account. */
  userId: string | null;
  /** The admin who did it to someone else's account. */
  actorId?: string | null;
  sessionId?: string | null;
  /** The request that caused it (address, user agent, request id); absent for background work. */
  meta?: RequestMeta | null;
  signInFailure?: SignInFailure;
}

/** What listeners hear once the event's transaction committed. */
export interface PublishedSecurityEvent extends SecurityEventRow {
  requestId: string | null;
  signInFailure?: SignInFailure;
  /** False for what has no row: a failed sign-in of an unknown name, or one refused by the throttle. */
  stored: boolean;
}

export type SecurityEventListener = (event: PublishedSecurityEvent) => void;

/** Collects the events of one change, for the sink to write in its transaction. */
export type EmitEvent = (event: SecurityEventInput) => void;
