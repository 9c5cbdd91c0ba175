import { withRefreshLock } from './refresh-lock';
import type { TabChannel } from './tab-channel';

/** What the session needs from the server; see ../client.ts. */
export interface SessionTransport {
  /**
   * Trades the refresh cookie for a new access token (the server rotates the cookie). Resolves
   * to null when the server refuses (no cookie, revoked, reused or expired); throws when the
   * server cannot be reached, which is no reason to sign anyone out.
   */
  refresh(): Promise<string | null>;
  /** Ends the cookie's session on the server and clears the cookie. */
  logout(): Promise<void>;
}

export type AuthState =
  | { status: 'checking' }
  | { status: 'signed-in' }
  | { status: 'signed-out'; reason: string | null };

export const SESSION_ENDED = 'Your session has ended. Please log in again.';

/**
 * This tab's sign-in. The access token lives in this object's memory only, never in storage a
 * script could read back later; the refresh token lives in an httpOnly cookie no script can
 * read at all. A reload restores the session from the cookie.
 */
export class AuthSession {
  #accessToken: string | null = null;
  #state: AuthState = { status: 'checking' };
  #refreshing: Promise<boolean> | null = null;
  readonly #listeners = new Set<(state: AuthState) => void>();

  constructor(
    private readonly transport: SessionTransport,
    private readonly tabs: TabChannel,
  ) {
    tabs.onSignedOut(() => this.#end('You were signed out in another tab.', false));
  }

  get accessToken(): string | null {
    return this.#accessToken;
  }

  get state(): AuthState {
    return this.#state;
  }

  /** Calls `listener` now and on every change of state. */
  subscribe(listener: (state: AuthState) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#state);
    return () => this.#listeners.delete(listener);
  }

  /** After login (or a password change): the server has set the refresh cookie already. */
  signedIn(accessToken: string): void {
    this.#accessToken = accessToken;
    this.#setState({ status: 'signed-in' });
  }

  /** On page load: a live refresh cookie signs this tab in without asking for the password. */
  async restore(): Promise<void> {
    if (!(await this.refresh())) this.#end(null, false);
  }

  /**
   * A new access token from the refresh cookie. Concurrent callers in this tab share one
   * request (single flight) and tabs take turns (withRefreshLock), so the same refresh token is
   * never presented twice. Resolves to false, signed out, when the server refuses.
   */
  refresh(): Promise<boolean> {
    this.#refreshing ??= withRefreshLock(() => this.transport.refresh())
      .then((accessToken) => {
        if (accessToken) {
          this.signedIn(accessToken);
          return true;
        }
        if (this.#state.status !== 'checking') this.#end(SESSION_ENDED, true);
        return false;
      })
      .finally(() => {
        this.#refreshing = null;
      });
    return this.#refreshing;
  }

  /**
   * An operation sent with `rejectedToken` came back UNAUTHENTICATED (the token expired, or the
   * session was revoked). True when a fresh token is there to retry with.
   */
  renewAfterRejection(rejectedToken: string): Promise<boolean> {
    if (this.#state.status === 'signed-out') return Promise.resolve(false);
    // Another operation's refresh already replaced the token this one was sent with.
    if (this.#accessToken && this.#accessToken !== rejectedToken) return Promise.resolve(true);
    return this.refresh();
  }

  /** Ends the session on the server and in every tab; signs out here even if the server is unreachable. */
  async logOut(reason: string | null = null): Promise<void> {
    try {
      await this.transport.logout();
    } finally {
      this.#end(reason, true);
    }
  }

  #end(reason: string | null, announce: boolean): void {
    const wasSignedOut = this.#state.status === 'signed-out';
    this.#accessToken = null;
    this.#setState({ status: 'signed-out', reason });
    if (announce && !wasSignedOut) this.tabs.announceSignedOut();
  }

  #setState(state: AuthState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener(state);
  }
}
